package fmtcmd

const helpFmt = `
TODO
`
