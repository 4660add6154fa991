// ResolveNames: ambiguous-name resolution against the directory and/or contacts. Several matches come
// back with ResponseClass=Warning (ErrorNameResolutionMultipleResults) and are still results.
import { NS_MESSAGES, NS_TYPES } from '../soap/namespaces.ts';
import { child, requireChild, type XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsRequestError } from '../errors.ts';
import { boolAttr } from '../types/codec.ts';
import { readFolderIds, writeFolderIds, type BaseFolderId } from '../types/ids.ts';
import { readMailbox, writeMailbox, type EmailAddress } from '../types/email-address.ts';
import { contactTable, type Contact } from '../types/contact.ts';
import { readFields, writeFields } from '../types/codec.ts';
import type { BaseShape } from '../types/shapes.ts';
import type { BatchResult, Operation, ServerOperation } from './operation.ts';
import { buildResponseMessages, parseBatch } from './response-messages.ts';

export type ResolveNamesSearchScope =
  'ActiveDirectory' | 'ActiveDirectoryContacts' | 'Contacts' | 'ContactsActiveDirectory';

export interface ResolveNamesInput {
  unresolvedEntry: string;
  returnFullContactData: boolean;
  searchScope?: ResolveNamesSearchScope;
  contactDataShape?: BaseShape;
  parentFolderIds?: BaseFolderId[];
}

export interface Resolution {
  mailbox: EmailAddress;
  contact?: Contact;
}
export interface ResolutionSet {
  resolutions: Resolution[];
  totalItemsInView?: number;
  includesLastItemInRange?: boolean;
}
export type ResolveNamesOutput = BatchResult<ResolutionSet>[];

export const resolveNames: Operation<ResolveNamesInput, ResolveNamesOutput> &
  ServerOperation<ResolveNamesInput, ResolveNamesOutput> = {
  name: 'ResolveNames',
  buildBody(input) {
    if (input.unresolvedEntry === '') throw new EwsRequestError('ResolveNames needs a non-empty entry.');
    const w = new XmlWriter().start('m:ResolveNames', {
      ReturnFullContactData: input.returnFullContactData,
      SearchScope: input.searchScope,
      ContactDataShape: input.contactDataShape,
    });
    if (input.parentFolderIds !== undefined && input.parentFolderIds.length > 0) {
      writeFolderIds(w, 'm:ParentFolderIds', input.parentFolderIds);
    }
    w.leaf('m:UnresolvedEntry', input.unresolvedEntry);
    return w.end().toString();
  },
  parseBody: (body) =>
    parseBatch(body, 'ResolveNamesResponse', (msg) => {
      const set = child(msg, NS_MESSAGES, 'ResolutionSet');
      const out: ResolutionSet = { resolutions: [] };
      if (set === undefined) return out;
      for (const r of set.children) {
        if (r.ns !== NS_TYPES || r.local !== 'Resolution') continue;
        const res: Resolution = { mailbox: readMailbox(requireChild(r, NS_TYPES, 'Mailbox')) };
        const c = child(r, NS_TYPES, 'Contact');
        if (c !== undefined) {
          const contact: Record<string, unknown> = { kind: 'Contact' };
          readFields(c, contactTable, contact);
          res.contact = contact as unknown as Contact;
        }
        out.resolutions.push(res);
      }
      if (set.attrs['TotalItemsInView'] !== undefined)
        out.totalItemsInView = Number(set.attrs['TotalItemsInView']);
      const last = boolAttr(set.attrs['IncludesLastItemInRange']);
      if (last !== undefined) out.includesLastItemInRange = last;
      return out;
    }),
  parseRequest(body: XmlElement) {
    const input: ResolveNamesInput = {
      unresolvedEntry: requireChild(body, NS_MESSAGES, 'UnresolvedEntry').text,
      returnFullContactData: body.attrs['ReturnFullContactData'] === 'true',
    };
    if (body.attrs['SearchScope'] !== undefined)
      input.searchScope = body.attrs['SearchScope'] as ResolveNamesSearchScope;
    if (body.attrs['ContactDataShape'] !== undefined)
      input.contactDataShape = body.attrs['ContactDataShape'] as BaseShape;
    const parents = child(body, NS_MESSAGES, 'ParentFolderIds');
    if (parents !== undefined) input.parentFolderIds = readFolderIds(parents);
    return input;
  },
  buildResponseBody: (output) =>
    buildResponseMessages('ResolveNamesResponse', 'ResolveNamesResponseMessage', output, (w, set) => {
      w.start('m:ResolutionSet', {
        TotalItemsInView: set.totalItemsInView ?? set.resolutions.length,
        IncludesLastItemInRange: set.includesLastItemInRange ?? true,
      });
      for (const r of set.resolutions) {
        w.start('t:Resolution');
        writeMailbox(w, 't:Mailbox', r.mailbox);
        if (r.contact !== undefined) {
          w.start('t:Contact');
          writeFields(w, r.contact, contactTable);
          w.end();
        }
        w.end();
      }
      w.end();
    }),
};
