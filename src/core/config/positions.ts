// Maps a path in the parsed YAML back to FILE:LINE:COL.
import { isMap, isScalar, LineCounter, type Document, type Node } from 'yaml';

export type YamlPath = readonly (string | number)[];

export interface Position {
  line: number;
  col: number;
}

export class PositionIndex {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): Position {
    return this.lines.linePos(offset);
  }

  /** The position of the value at `path`, or of its nearest existing ancestor. */
  of(path: YamlPath): Position {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true) as Node | undefined;
      if (node && (node as Node).range) return this.at((node as Node).range![0]);
    }
    return { line: 1, col: 1 };
  }

  /** The position of the key `key` inside the map at `path`. */
  ofKey(path: YamlPath, key: string): Position {
    const map = path.length ? this.doc.getIn(path, true) : this.doc.contents;
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) return this.at(pair.key.range[0]);
      }
    }
    return this.of(path);
  }

  /** Start and end of the node at `path` (the scalar with its quotes), or undefined when absent. */
  rangeOf(path: YamlPath): { start: Position; end: Position } | undefined {
    const node = this.doc.getIn(path, true) as Node | undefined;
    return node?.range ? { start: this.at(node.range[0]), end: this.at(node.range[1]) } : undefined;
  }

  /** The line of the node at `path` (0 when absent). */
  lineOf(path: YamlPath): number {
    const node = this.doc.getIn(path, true) as Node | undefined;
    return node?.range ? this.at(node.range[0]).line : 0;
  }
}
