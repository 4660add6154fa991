// A small operation written against the Operation contract, so the client tests exercise the real
// envelope/parse path without depending on a particular operation module.
import { NS_MESSAGES, NS_TYPES } from '../../../src/ews/soap/namespaces.ts';
import { child } from '../../../src/ews/soap/xml-tree.ts';
import { XmlWriter } from '../../../src/ews/soap/xml-writer.ts';
import type { BatchResult, Operation } from '../../../src/ews/operations/operation.ts';
import { parseBatch } from '../../../src/ews/operations/response-messages.ts';

/** GetFolder of distinguished folders, returning each folder's DisplayName. */
export function folderNames(name = 'GetFolder'): Operation<string[], BatchResult<string>[]> {
  return {
    name,
    buildBody(ids) {
      const w = new XmlWriter().start(`m:${name}`);
      w.start('m:FolderShape').leaf('t:BaseShape', 'Default').end();
      w.start('m:FolderIds');
      for (const id of ids) w.empty('t:DistinguishedFolderId', { Id: id });
      return w.end().end().toString();
    },
    parseBody(body) {
      return parseBatch(body, `${name}Response`, (msg) => {
        const folders = child(msg, NS_MESSAGES, 'Folders');
        const folder = folders?.children[0];
        return (folder && child(folder, NS_TYPES, 'DisplayName')?.text) ?? '';
      });
    },
  };
}

export function folderResponse(names: string[], name = 'GetFolder', version = 'V2017_07_11'): string {
  const messages = names
    .map(
      (n) =>
        `<m:${name}ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Folders><t:Folder><t:DisplayName>${n}</t:DisplayName></t:Folder></m:Folders></m:${name}ResponseMessage>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">` +
    `<s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="2" MajorBuildNumber="1258" MinorBuildNumber="12" Version="${version}" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header>` +
    `<s:Body><m:${name}Response xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages>${messages}</m:ResponseMessages></m:${name}Response></s:Body></s:Envelope>`
  );
}

export function messageErrorResponse(code: string, name = 'GetFolder'): string {
  return (
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:${name}Response xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><m:ResponseMessages>` +
    `<m:${name}ResponseMessage ResponseClass="Error"><m:MessageText>An internal server error occurred.</m:MessageText><m:ResponseCode>${code}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:${name}ResponseMessage>` +
    `</m:ResponseMessages></m:${name}Response></s:Body></s:Envelope>`
  );
}
