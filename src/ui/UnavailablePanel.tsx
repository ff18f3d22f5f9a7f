/** A step whose core pieces have not landed yet: says plainly what is missing. */
export function UnavailablePanel({ title, missing }: { title: string; missing: string }) {
  return (
    <section aria-labelledby="unavailable-title" className="panel">
      <h2 id="unavailable-title">{title}</h2>
      <p className="notice">Not available yet: {missing}</p>
    </section>
  );
}
