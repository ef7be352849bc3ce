/**
 * The templates read well in the n8n editor: on every workflows/*.json, no two nodes (with the label under them)
 * overlap, no sticky note overlaps another, and a node is either inside a sticky note or clear of it (a note frames
 * its stage's nodes and never half-covers one). Sizes are the editor's: a node is 100 wide and 100 high, plus 40 for
 * each main output past two (an 8-output Exception Classifier is 340 high); its name is drawn below it.
 */
import { STICKY_NOTE, TEMPLATE_FILES, guardOperation, isType, nodeNamed, outputCount, readTemplate, type TemplateNode } from './templates';

interface Box {
	name: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

const NODE_WIDTH = 100;
/** Room under a node for its name (two lines) and subtitle, and beside it for a name wider than the node. */
const LABEL_HEIGHT = 40;
const LABEL_OVERHANG = 30;

function nodeBox(node: TemplateNode): Box {
	const [x, y] = node.position;
	if (node.type === STICKY_NOTE) return { name: node.name, x, y, width: Number(node.parameters.width ?? 240), height: Number(node.parameters.height ?? 160) };
	return { name: node.name, x, y, width: NODE_WIDTH, height: 100 + Math.max(0, outputCount(node) - 2) * 40 };
}

const withLabel = (b: Box): Box => ({ ...b, x: b.x - LABEL_OVERHANG, width: b.width + 2 * LABEL_OVERHANG, height: b.height + LABEL_HEIGHT });
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

function pairs<T>(items: T[]): Array<[T, T]> {
	return items.flatMap((a, i) => items.slice(i + 1).map((b) => [a, b] as [T, T]));
}

describe.each(TEMPLATE_FILES)('layout of %s', (file) => {
	const template = readTemplate(file);
	const notes = template.nodes.filter((n) => n.type === STICKY_NOTE).map(nodeBox);
	const nodes = template.nodes.filter((n) => n.type !== STICKY_NOTE).map(nodeBox);

	test('positions on the 20 px grid, sticky notes with a size', () => {
		for (const node of template.nodes) expect({ name: node.name, grid: node.position.map((v) => v % 20 === 0) }).toEqual({ name: node.name, grid: [true, true] });
		for (const note of notes) expect(note.width > 0 && note.height > 0).toBe(true);
	});

	test('no two nodes overlap, names included', () => {
		const clashes = pairs(nodes.map(withLabel))
			.filter(([a, b]) => overlap(a, b))
			.map(([a, b]) => `${a.name} / ${b.name}`);
		expect(clashes).toEqual([]);
	});

	test('no sticky note overlaps another', () => {
		const clashes = pairs(notes)
			.filter(([a, b]) => overlap(a, b))
			.map(([a, b]) => `${a.name} / ${b.name}`);
		expect(clashes).toEqual([]);
	});

	// n8n's execution order (v1) runs a node's branches top to bottom, and left to right at the same height: a branch that releases the guard and stops the run
	// must sit below its siblings, or it ends the run before the other items of the batch are done (their keys would stay
	// in progress until the lease ends).
	test('a branch that releases the guard runs after the other branches of its node', () => {
		const runsAfter = (a: TemplateNode, b: TemplateNode) => a.position[1] > b.position[1] || (a.position[1] === b.position[1] && a.position[0] > b.position[0]);
		const isRelease = (name: string) => {
			const node = nodeNamed(template, name);
			return isType(node, 'idempotencyGuard') && guardOperation(node) === 'release';
		};
		const misplaced = Object.entries(template.connections).flatMap(([from, { main }]) =>
			main.flatMap((output, index) =>
				(output ?? [])
					.filter((c) => isRelease(c.node))
					.flatMap((release) =>
						main
							.flatMap((other, otherIndex) => (otherIndex === index ? [] : (other ?? [])))
							.filter((sibling) => !runsAfter(nodeNamed(template, release.node), nodeNamed(template, sibling.node)))
							.map((sibling) => `${from}: ${release.node} is not below (or level and right of) ${sibling.node}`),
					),
			),
		);
		expect(misplaced).toEqual([]);
	});

	test('a node is inside a sticky note or clear of it, never half-covered', () => {
		const cut = nodes.flatMap((node) => notes.filter((note) => overlap(node, note) && !inside(withLabel(node), note)).map((note) => `${node.name} / ${note.name}`));
		expect(cut).toEqual([]);
	});
});
