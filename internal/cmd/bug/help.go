package bug

const helpBug = `
TODO
`
