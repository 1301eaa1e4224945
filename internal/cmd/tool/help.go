package tool

const helpTool = `
TODO
`
