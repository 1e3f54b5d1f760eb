// Saving a function with an uploaded archive: a GraphQL multipart request (the upload spec), so
// an archive can be as large as the server's bundle limit instead of the 1 MiB JSON body cap.

const CREATE = 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }';
const UPDATE = 'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { id } }';

export type UploadResult = { id: string } | { error: string };

export async function saveWithArchive(options: { token: string | null; id?: string; input: Record<string, unknown>; archive: Blob; fileName: string }): Promise<UploadResult> {
  const { token, id, input, archive, fileName } = options;
  const form = new FormData();
  const variables = id ? { id, i: { ...input, archiveFile: null } } : { i: { ...input, archiveFile: null } };
  form.append('operations', JSON.stringify({ query: id ? UPDATE : CREATE, variables }));
  form.append('map', JSON.stringify({ 0: ['variables.i.archiveFile'] }));
  form.append('0', archive, fileName);
  let body: { data?: Record<string, { id: string } | null>; errors?: { message: string }[] };
  try {
    const res = await fetch('/graphql', { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
    body = await res.json();
  } catch (err) {
    return { error: `Upload failed: ${(err as Error).message}` };
  }
  if (body.errors?.length) return { error: body.errors.map((e) => e.message).join('; ') };
  const saved = body.data?.[id ? 'updateFunction' : 'createFunction'];
  return saved ? { id: saved.id } : { error: 'Upload failed' };
}
