package generate

const helpGenerate = `
TODO
`
