package workcmd

const helpWork = `
TODO
`

const helpEdit = `
TODO
`

const helpInit = `
TODO
`

const helpSync = `
TODO
`

const helpUse = `
TODO
`

const helpVendor = `
TODO
`
