const path = require('path');
const { task, src, dest } = require('gulp');

// Icons are not emitted by tsc: copy every SVG/PNG under nodes/ and credentials/ into dist/,
// keeping the folder layout so that `icon: 'file:x.svg'` resolves next to the compiled file.
function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeSource, { encoding: false }).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	return src(credSource, { encoding: false }).pipe(dest(credDestination));
}

task('build:icons', copyIcons);
