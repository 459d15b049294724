import { topK } from '../confusion';

/** The top predictions as labelled bars; the true class, when known, is marked. */
export function ProbabilityBars({
  classNames,
  probabilities,
  k = 3,
  actual,
}: {
  classNames: string[];
  probabilities: number[];
  k?: number;
  actual?: number;
}) {
  return (
    <ol className="prob-bars" data-testid="probability-bars">
      {topK(probabilities, k).map(({ index, probability }, rank) => (
        <li key={index} className={`${rank === 0 ? 'is-top' : ''}${index === actual ? ' is-actual' : ''}`}>
          <span
            className="prob-bars__label mono"
            title={`${classNames[index] ?? index}${index === actual ? ' (the true class)' : ''}`}
          >
            {classNames[index] ?? index}
            {index === actual ? ' ✓' : ''}
          </span>
          <span className="prob-bars__track">
            <span className="prob-bars__fill" style={{ width: `${probability * 100}%` }} />
          </span>
          <span className="prob-bars__value mono">{(probability * 100).toFixed(1)} %</span>
        </li>
      ))}
    </ol>
  );
}
