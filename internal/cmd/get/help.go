package get

const helpGet = `
TODO
`
