package build

const helpBuild = `
TODO
`
