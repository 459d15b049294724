import { type BackendChoice, preprocessImage, toFloat32 } from '../../../src-engine/node';
import { BACKEND_CHOICES } from '../../../src-engine';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { openTrainedModel } from '../trained-model';

export const predictCommand: CliCommand = {
  name: 'predict',
  usage: 'predict --model TRAINED [--json] IMAGE…',
  description: 'Classify images with a trained model, using the preprocessing it was trained with.',
  options: {
    model: { type: 'string', help: 'A trained Filterbank model file.' },
    json: {
      type: 'flag',
      help: 'One JSON line per image: {"file","predicted","probabilities":[…]} (probabilities in class order).',
    },
    backend: { type: 'string', help: `One of ${BACKEND_CHOICES.join(', ')} (default auto).` },
  },
  async run({ options, positionals }, io) {
    if (!options.model) throw new UsageError('predict: --model TRAINED is required');
    if (positionals.length === 0) throw new UsageError('predict: give at least one image file');
    const backend = (options.backend ?? 'auto') as BackendChoice;
    if (!(BACKEND_CHOICES as readonly string[]).includes(backend))
      throw new UsageError(`predict: --backend must be one of ${BACKEND_CHOICES.join(', ')}`);
    const trained = await openTrainedModel(String(options.model), backend);
    let failures = 0;
    try {
      for (const file of positionals) {
        let pixels: Uint8Array;
        try {
          pixels = (await preprocessImage(file, trained.preprocessing)).pixels;
        } catch (e) {
          failures++;
          const message = (e as Error).message;
          if (options.json) io.out(JSON.stringify({ file, error: message }));
          else io.err(`${file}: ${message}\n`);
          continue;
        }
        const probabilities = Array.from(await trained.engine.predict(toFloat32(pixels), 1));
        let best = 0;
        for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
        if (options.json) io.out(JSON.stringify({ file, predicted: trained.classNames[best], probabilities }));
        else io.out(`${file}: ${trained.classNames[best]} (${(probabilities[best] * 100).toFixed(1)} %)`);
      }
    } finally {
      trained.engine.dispose();
    }
    return failures > 0 ? 2 : 0;
  },
};
