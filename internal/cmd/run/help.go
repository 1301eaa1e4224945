package run

const helpRun = `
TODO
`
