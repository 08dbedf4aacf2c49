/**
 * A strategy file as the import endpoint takes it: a JSON file is sent as the document (or
 * list of documents) it holds; a YAML file is sent as its text for the console to parse.
 * TODO: agree the import body with the console once its endpoint exists (issue 9 leaves it open).
 */
export async function readStrategyFile(file: Blob & { name: string }): Promise<unknown> {
  const text = await file.text();

  if (/\.ya?ml$/i.test(file.name)) {
    return { format: 'yaml', content: text };
  }

  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file.name} is not valid JSON`);
  }
}
