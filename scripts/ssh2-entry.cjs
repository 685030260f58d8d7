// What a run needs of ssh2, bundled into dist/bundle/ssh2.cjs by scripts/bundle.mjs: the client and the key parser.
module.exports = { Client: require('ssh2/lib/client.js'), parseKey: require('ssh2/lib/protocol/keyParser.js').parseKey };
