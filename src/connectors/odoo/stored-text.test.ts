import { describe, expect, it } from 'vitest';
import { canonicalArch, canonicalSelection, normalizeStoredText } from './stored-text.js';

describe('canonicalArch', () => {
  it('ignores whitespace between tags, comments and before closing brackets', () => {
    expect(canonicalArch('<form>\n  <!-- note -->\n  <field name="a" />\n</form>')).toBe(
      canonicalArch('<form><field name="a"/></form>'),
    );
  });

  it('keeps real differences', () => {
    expect(canonicalArch('<form><field name="a"/></form>')).not.toBe(
      canonicalArch('<form><field name="b"/></form>'),
    );
  });
});

describe('canonicalSelection', () => {
  it('reads Odoo’s repr and our declaration alike', () => {
    expect(canonicalSelection("[('1', 'KPB 1'), ('2', 'KPB 2')]")).toBe(
      canonicalSelection('[("1", "KPB 1"), ("2", "KPB 2")]'),
    );
  });

  it('tells a changed label apart', () => {
    expect(canonicalSelection("[('1', 'KPB 1')]")).not.toBe(canonicalSelection("[('1', 'KPB Satu')]"));
  });
});

describe('normalizeStoredText', () => {
  it('touches only arch and selection', () => {
    expect(normalizeStoredText('name', ' x ')).toBe(' x ');
    expect(normalizeStoredText('arch', '<a>\n</a>')).toBe('<a></a>');
  });
});
