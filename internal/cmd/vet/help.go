package vet

const helpVet = `
TODO
`

const helpFix = `
TODO
`
