import type { WorkerFailure } from '../compute/workerResult';

/** Shows a worker failure plainly; input errors also list file, line, column and what was expected. */
export function FailureMessage({ failure }: { failure: WorkerFailure }) {
  return (
    <div role="alert" className="failure" data-testid="failure">
      <p>{failure.message}</p>
      {failure.kind === 'input' && (
        <dl className="failure-location">
          <dt>File</dt>
          <dd>{failure.file}</dd>
          {failure.line !== undefined && (
            <>
              <dt>Line</dt>
              <dd>{failure.line}</dd>
            </>
          )}
          {failure.column !== undefined && (
            <>
              <dt>Column</dt>
              <dd>{failure.column}</dd>
            </>
          )}
          <dt>Expected</dt>
          <dd>{failure.expected}</dd>
        </dl>
      )}
    </div>
  );
}
