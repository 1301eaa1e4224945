package doc

const helpDoc = `
TODO
`
