/* Builds assets/vendor/plotly-<traces>-<version>.min.js from entry.js with plotly.js's own esbuild settings
   (node_modules/plotly.js/esbuild-config.js: an IIFE named Plotly, its CSS inlined, `global` as `window`), minified,
   with V8's explicit compile hint as the file's first line: the functions are compiled off the main thread while
   the file streams in. Run it with `make plotly-bundle`. */
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');

const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
const version = require('plotly.js/package.json').version;
const traces = ['scatter'].concat(
    Array.from(fs.readFileSync(path.join(__dirname, 'entry.js'), 'utf8').matchAll(/require\('plotly\.js\/lib\/(\w+)'\)/g))
        .map(function (m) { return m[1]; })
        .filter(function (name) { return name !== 'core'; }));
const vendor = path.join(__dirname, '..', '..', 'assets', 'vendor');
const out = path.join(vendor, 'plotly-' + traces.join('-') + '-' + version + '.min.js');
const banner = [
    '/**',
    '* plotly.js (' + traces.join(', ') + ' - minified) v' + version,
    '* Copyright 2012-2026, Plotly, Inc.',
    '* All rights reserved.',
    '* Licensed under the MIT license',
    '* Built by tools/plotly_bundle from plotly.js ' + version + ' as published on npm',
    '*/',
].join('\n');

esbuild.build({
    entryPoints: [path.join(__dirname, 'entry.js')],
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    write: false,
    outdir: path.join(__dirname, 'out'),
    legalComments: 'eof',
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'warning',
}).then(function (built) {
    const js = built.outputFiles.filter(function (f) { return f.path.endsWith('.js'); });
    if (js.length !== 1) { throw new Error('expected one JavaScript output, got ' + js.length); }
    fs.readdirSync(vendor).filter(function (f) { return /^plotly-.*\.min\.js$/.test(f); })
        .forEach(function (f) { fs.unlinkSync(path.join(vendor, f)); });
    fs.writeFileSync(out, COMPILE_HINT + '\n' + banner + '\n' + js[0].text);
    console.log('wrote ' + path.relative(process.cwd(), out) + ' (' + fs.statSync(out).size + ' bytes)');
}).catch(function (error) {
    console.error(error);
    process.exit(1);
});
