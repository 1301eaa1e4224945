package clean

const helpClean = `
TODO
`
