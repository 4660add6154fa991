// MessageXml (xs:any content in ResponseMessageType and in fault details) as flat name → value pairs.
import type { MessageXmlValues } from '../errors.ts';
import type { XmlElement } from './xml-tree.ts';
import type { XmlWriter } from './xml-writer.ts';

/** `<t:Value Name="BackOffMilliseconds">N</t:Value>` → BackOffMilliseconds; other leaves by local name
 * (`<t:LineNumber>`, `<t:Violation>`...). Nested structures are flattened to their leaves. */
export function parseMessageXml(el: XmlElement): Record<string, string> {
  const values: Record<string, string> = {};
  const visit = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.children.length > 0) visit(c);
      else if (c.local === 'Value' && c.attrs['Name'] !== undefined) values[c.attrs['Name']] = c.text.trim();
      else values[c.local] = c.text.trim();
    }
  };
  visit(el);
  return values;
}

/** Entries Exchange writes as their own leaves (schema violations: samples/Fault-response-*.xml). */
const LEAF_ENTRIES: ReadonlySet<string> = new Set(['LineNumber', 'LinePosition', 'Violation']);

/** Writes `<t:MessageXml>`: schema-violation entries as leaves (`<t:LineNumber>`...), others as
 * `<t:Value Name=...>` (the form Exchange uses for BackOffMilliseconds). */
export function writeMessageXml(w: XmlWriter, values: MessageXmlValues, elementName = 't:MessageXml'): void {
  w.start(elementName);
  for (const [name, value] of Object.entries(values)) {
    if (LEAF_ENTRIES.has(name)) w.leaf(`t:${name}`, value);
    else w.leaf('t:Value', value, { Name: name });
  }
  w.end();
}
