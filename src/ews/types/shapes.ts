// Response shapes (ItemResponseShapeType, FolderResponseShapeType) and paging views.
import { NS_TYPES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError, EwsRequestError } from '../errors.ts';
import { parseBool } from './codec.ts';
import { readPaths, writePath, type PropertyPath } from './paths.ts';

export type BaseShape = 'IdOnly' | 'Default' | 'AllProperties';
export type BodyTypeResponse = 'Best' | 'HTML' | 'Text';

export interface ItemShape {
  baseShape: BaseShape;
  includeMimeContent?: boolean;
  bodyType?: BodyTypeResponse;
  additionalProperties?: PropertyPath[];
}

export interface FolderShape {
  baseShape: BaseShape;
  additionalProperties?: PropertyPath[];
}

function writeAdditional(w: XmlWriter, paths: readonly PropertyPath[] | undefined): void {
  if (paths === undefined || paths.length === 0) return;
  w.start('t:AdditionalProperties');
  for (const p of paths) writePath(w, p);
  w.end();
}

export function writeItemShape(w: XmlWriter, qname: string, shape: ItemShape): void {
  w.start(qname);
  w.leaf('t:BaseShape', shape.baseShape);
  if (shape.includeMimeContent !== undefined) w.leaf('t:IncludeMimeContent', shape.includeMimeContent);
  w.leafOpt('t:BodyType', shape.bodyType);
  writeAdditional(w, shape.additionalProperties);
  w.end();
}

export function writeFolderShape(w: XmlWriter, qname: string, shape: FolderShape): void {
  w.start(qname);
  w.leaf('t:BaseShape', shape.baseShape);
  writeAdditional(w, shape.additionalProperties);
  w.end();
}

const BASE_SHAPES: readonly string[] = ['IdOnly', 'Default', 'AllProperties'];

function readBaseShape(el: XmlElement): BaseShape {
  const text = child(el, NS_TYPES, 'BaseShape')?.text.trim();
  if (text === undefined) {
    throw new EwsProtocolError(
      `The element '${el.local}' has incomplete content. List of possible elements expected: 'BaseShape'.`,
    );
  }
  if (!BASE_SHAPES.includes(text)) {
    throw new EwsProtocolError(
      `The value '${text}' is invalid according to its datatype 'DefaultShapeNamesType' - The Enumeration constraint failed.`,
    );
  }
  return text as BaseShape;
}

export function readItemShape(el: XmlElement): ItemShape {
  const shape: ItemShape = { baseShape: readBaseShape(el) };
  const mime = child(el, NS_TYPES, 'IncludeMimeContent');
  if (mime !== undefined) shape.includeMimeContent = parseBool(mime.text);
  const body = child(el, NS_TYPES, 'BodyType');
  if (body !== undefined) shape.bodyType = body.text.trim() as BodyTypeResponse;
  const add = child(el, NS_TYPES, 'AdditionalProperties');
  if (add !== undefined) shape.additionalProperties = readPaths(add);
  return shape;
}

export function readFolderShape(el: XmlElement): FolderShape {
  const shape: FolderShape = { baseShape: readBaseShape(el) };
  const add = child(el, NS_TYPES, 'AdditionalProperties');
  if (add !== undefined) shape.additionalProperties = readPaths(add);
  return shape;
}

// ---- views --------------------------------------------------------------------------------------

/** EWSFindCountLimit default: a larger page "has no practical effect" (EWS-PROTOCOL.md 7). */
export const MAX_FIND_PAGE = 1000;

export type ItemView =
  | { type: 'IndexedPage'; maxEntriesReturned?: number; offset: number; basePoint?: 'Beginning' | 'End' }
  /** Expands recurring items into occurrences; cannot be combined with a restriction or paging offset. */
  | { type: 'Calendar'; startDate: string; endDate: string; maxEntriesReturned?: number };

export type FolderView = {
  type: 'IndexedPage';
  maxEntriesReturned?: number;
  offset: number;
  basePoint?: 'Beginning' | 'End';
};

function checkMax(max: number | undefined): void {
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new EwsRequestError(`MaxEntriesReturned must be a positive integer, got ${max}.`);
  }
}

export function writeView(w: XmlWriter, view: ItemView | FolderView, kind: 'Item' | 'Folder'): void {
  checkMax(view.maxEntriesReturned);
  if (view.type === 'IndexedPage') {
    if (!Number.isInteger(view.offset) || view.offset < 0) {
      throw new EwsRequestError(`Offset must be a non-negative integer, got ${view.offset}.`);
    }
    w.empty(`m:IndexedPage${kind}View`, {
      MaxEntriesReturned: view.maxEntriesReturned,
      Offset: view.offset,
      BasePoint: view.basePoint ?? 'Beginning',
    });
  } else {
    w.empty('m:CalendarView', {
      MaxEntriesReturned: view.maxEntriesReturned,
      StartDate: view.startDate,
      EndDate: view.endDate,
    });
  }
}

/** A non-negative xs:int attribute of a view; anything else is a body the schema refuses. */
function intAttr(el: XmlElement, name: string): number | undefined {
  const v = el.attrs[name];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) {
    throw new EwsProtocolError(
      `The '${name}' attribute is invalid - The value '${v}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:int'.`,
    );
  }
  return Number(v.trim());
}

function dateAttr(el: XmlElement, name: string): string {
  const v = el.attrs[name] ?? '';
  if (Number.isNaN(Date.parse(v))) {
    throw new EwsProtocolError(`The '${name}' attribute of '${el.local}' is not a valid dateTime: '${v}'.`);
  }
  return v;
}

export function readView(el: XmlElement): ItemView | undefined {
  const max = intAttr(el, 'MaxEntriesReturned');
  if (el.local === 'IndexedPageItemView' || el.local === 'IndexedPageFolderView') {
    const base = el.attrs['BasePoint'] ?? 'Beginning';
    if (base !== 'Beginning' && base !== 'End') {
      throw new EwsProtocolError(
        `The 'BasePoint' attribute is invalid - The value '${base}' is invalid according to its datatype 'IndexBasePointType' - The Enumeration constraint failed.`,
      );
    }
    const v: ItemView = { type: 'IndexedPage', offset: intAttr(el, 'Offset') ?? 0, basePoint: base };
    if (max !== undefined) v.maxEntriesReturned = max;
    return v;
  }
  if (el.local === 'CalendarView') {
    const v: ItemView = {
      type: 'Calendar',
      startDate: dateAttr(el, 'StartDate'),
      endDate: dateAttr(el, 'EndDate'),
    };
    if (max !== undefined) v.maxEntriesReturned = max;
    return v;
  }
  return undefined;
}
