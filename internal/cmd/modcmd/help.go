package modcmd

const helpMod = `
TODO
`

const helpDownload = `
TODO
`

const helpEdit = `
TODO
`

const helpGraph = `
TODO
`

const helpInit = `
TODO
`

const helpTidy = `
TODO
`

const helpVendor = `
TODO
`

const helpVerify = `
TODO
`

const helpWhy = `
TODO
`
