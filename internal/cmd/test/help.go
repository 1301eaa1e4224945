package test

const helpTest = `
TODO
`
