package install

const helpInstall = `
TODO
`
