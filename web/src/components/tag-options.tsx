import { useTags } from '../lib/tags';

/**
 * The managed tags as suggestions for a tag input (`list="tag-options"`): agents pick from the
 * workspace's list, and may still type a new tag unless the workspace allows only managed ones
 * (the server then refuses it with a sentence saying so).
 */
export function TagOptions({ exclude = [], id = 'tag-options' }: { exclude?: string[]; id?: string }) {
  const tags = useTags();
  const skip = new Set(exclude);
  return (
    <datalist id={id}>
      {(tags.data?.tags ?? [])
        .filter((x) => x.managed && !skip.has(x.name))
        .map((x) => (
          <option key={x.name} value={x.name}>
            {x.description}
          </option>
        ))}
    </datalist>
  );
}
