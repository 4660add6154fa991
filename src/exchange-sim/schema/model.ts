// The compiled form of Microsoft's EWS schema (types.xsd + messages.xsd) that the request validator walks.
// compile.ts produces it from the XSD files, ews-model.generated.json stores it, load.ts reads it back.
// Short keys keep the committed JSON small; every index refers into CompiledSchema.types / .elements.

/** XSD built-in simple types the EWS schema uses (plus the few the SOAP wrapper and xml.xsd use). */
export const BUILTINS = [
  'anySimpleType',
  'string',
  'boolean',
  'int',
  'long',
  'short',
  'integer',
  'nonNegativeInteger',
  'unsignedInt',
  'unsignedShort',
  'double',
  'dateTime',
  'date',
  'time',
  'duration',
  'language',
  'anyURI',
  'QName',
  'NCName',
  'ID',
  'base64Binary',
] as const;
export type Builtin = (typeof BUILTINS)[number];

/** A simple type: a built-in (`b`), or one derivation step from `base` (restriction facets, list or union). */
export interface SimpleTypeDef {
  readonly k: 's';
  /** Name as "<namespace index>:Name" (see CompiledSchema.namespaces); absent for anonymous types. */
  readonly n?: string;
  readonly b?: Builtin;
  readonly base?: number;
  /** Facets of this step. Enumeration values, patterns (one of them must match), numeric bounds, lengths. */
  readonly e?: readonly string[];
  readonly p?: readonly string[];
  readonly minI?: string;
  readonly maxI?: string;
  readonly minX?: string;
  readonly maxX?: string;
  readonly len?: number;
  readonly minL?: number;
  readonly maxL?: number;
  /** xs:list item type. */
  readonly item?: number;
  /** xs:union member types. */
  readonly union?: readonly number[];
}

/** Particle: [kind, minOccurs, maxOccurs (-1 = unbounded), payload]. */
export type Particle =
  | readonly ['e', number, number, number] // element declaration index
  | readonly ['s' | 'c' | 'a', number, number, readonly Particle[]] // sequence, choice, all
  | readonly ['w', number, number, Wildcard]
  // The content particle of the type with this index (an extension's base), inlined when the model loads.
  | readonly ['x', 1, 1, number];

/** Namespace constraint ('##any', '##other:<target>', or a list of URIs, '' = no namespace) + processContents. */
export interface Wildcard {
  readonly ns: '##any' | readonly string[];
  /** For ##other: the target namespace that is excluded (no-namespace is excluded too). */
  readonly not?: string;
  readonly pc: 'strict' | 'lax' | 'skip';
}

/** [attribute key as XmlElement.attrs spells it, simple type index, 1 when use="required"]. */
export type AttributeUse = readonly [string, number, 0 | 1];

export interface ComplexTypeDef {
  readonly k: 'c';
  readonly n?: string;
  readonly abs?: 1;
  /** Base type (xsi:type derivation check). */
  readonly base?: number;
  readonly a?: readonly AttributeUse[];
  readonly aw?: Wildcard;
  readonly mixed?: 1;
  /** Simple content: the type of the text. */
  readonly st?: number;
  /** Element content; absent with no `st` means empty content. */
  readonly c?: Particle;
  /** xs:anyType: anything goes. */
  readonly any?: 1;
}

export type TypeDef = SimpleTypeDef | ComplexTypeDef;

export interface ElementDecl {
  /** Index into CompiledSchema.namespaces. */
  readonly ns: number;
  readonly n: string;
  readonly t: number;
  readonly nil?: 1;
  readonly abs?: 1;
  /** Global elements of this element's substitution group (transitively), not including itself. */
  readonly sub?: readonly number[];
}

export interface CompiledSchema {
  readonly source: string;
  readonly regenerate: string;
  readonly types: readonly TypeDef[];
  readonly elements: readonly ElementDecl[];
  /** Namespace URIs, referred to by index from element declarations and type names. */
  readonly namespaces: readonly string[];
  /** Indexes of the global element declarations. */
  readonly globals: readonly number[];
}
