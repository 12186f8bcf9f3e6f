// Where generated tests go, by each language's convention.
import * as path from 'node:path';

export function testFileName(sourcePath: string, language: string): string {
  const dir = path.dirname(sourcePath);
  const ext = path.extname(sourcePath);
  const base = path.basename(sourcePath, ext);
  const cap = base.charAt(0).toUpperCase() + base.slice(1);
  switch (language) {
    case 'typescript':
    case 'typescriptreact':
    case 'javascript':
    case 'javascriptreact':
      return path.join(dir, `${base}.test${ext}`);
    case 'python':
      return path.join(dir, `test_${base}.py`);
    case 'go':
      return path.join(dir, `${base}_test.go`);
    case 'rust':
      return path.join(dir, `${base}_tests.rs`);
    case 'java':
    case 'kotlin':
    case 'scala':
    case 'groovy':
    case 'php':
      return path.join(dir, `${cap}Test${ext}`);
    case 'csharp':
    case 'swift':
      return path.join(dir, `${cap}Tests${ext}`);
    case 'ruby':
      return path.join(dir, `${base}_spec.rb`);
    case 'c':
    case 'cpp':
      return path.join(dir, `test_${base}${ext}`);
    case 'elixir':
      return path.join(dir, `${base}_test.exs`);
    case 'dart':
      return path.join(dir, `${base}_test.dart`);
    default:
      return path.join(dir, `${base}.test${ext}`);
  }
}
