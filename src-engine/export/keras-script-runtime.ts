/**
 * The parts of the exported Keras script that do not depend on the model: distribution strategies, the image
 * pipeline, reading a TF.js export's weights with numpy, and the command line. The model-specific constants and
 * build_model() come before them (keras-export.ts). Kept free of backslashes so the TypeScript string is the Python.
 */
export const KERAS_SCRIPT_RUNTIME =
  `

def schedule_callbacks(initial_lr, epochs, monitor):
    """LR_SCHEDULE as Keras callbacks (Filterbank steps it at the start of each epoch, as LearningRateScheduler)."""
    s = LR_SCHEDULE
    kind = s["kind"]
    if kind == "plateau":
        return [keras.callbacks.ReduceLROnPlateau(monitor=monitor, factor=s["factor"], patience=s["patience"], ` +
  `min_delta=s["minDelta"], cooldown=s["cooldown"], min_lr=s["minLr"])]
    if kind == "constant":
        return []

    def rate(epoch, lr):
        if kind == "step":
            return initial_lr * s["gamma"] ** (epoch // s["everyEpochs"])
        if kind == "exponential":
            return initial_lr * s["decayRate"] ** (epoch / s["decayEpochs"])
        decay = s["decayEpochs"] or epochs
        fraction = min(epoch, decay) / decay
        return initial_lr * ((1 - s["alpha"]) * 0.5 * (1 + float(np.cos(np.pi * fraction))) + s["alpha"])

    return [keras.callbacks.LearningRateScheduler(rate)]


def make_strategy(name, tpu_address=None):
    """The tf.distribute strategy for --strategy; build and compile the model inside its scope()."""
    if name == "mirrored":
        # Every GPU of this machine holds a replica; gradients are all-reduced each step.
        return tf.distribute.MirroredStrategy()
    if name == "multiworker":
        # Several machines: each one runs this script with TF_CONFIG describing the cluster and its own task.
        return tf.distribute.MultiWorkerMirroredStrategy()
    if name == "tpu":
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver(tpu=tpu_address or "")
        tf.config.experimental_connect_to_cluster(resolver)
        tf.tpu.experimental.initialize_tpu_system(resolver)
        return tf.distribute.TPUStrategy(resolver)
    return tf.distribute.get_strategy()


def is_chief():
    """Whether this process saves the model: always, except on the non-chief workers of a multi-worker cluster."""
    config = json.loads(os.environ.get("TF_CONFIG", "{}"))
    task = config.get("task", {})
    if not task:
        return True
    has_chief = "chief" in config.get("cluster", {})
    return task.get("type") == "chief" or (not has_chief and task.get("type") == "worker" and task.get("index", 0) == 0)


def load_datasets(data_dir, validation_dir, batch_size, validation_split, seed):
    """Images from folders with one sub-folder per class, prepared as Filterbank prepares them."""
    options = dict(
        labels="inferred",
        label_mode=LABEL_MODE,
        class_names=CLASS_NAMES,
        color_mode=COLOR_MODE,
        image_size=IMAGE_SIZE,
        interpolation=INTERPOLATION,
        batch_size=batch_size,
        seed=seed,
    )
    if validation_dir:
        train = keras.utils.image_dataset_from_directory(data_dir, shuffle=True, **options)
        validation = keras.utils.image_dataset_from_directory(validation_dir, shuffle=False, **options)
    elif validation_split > 0:
        train = keras.utils.image_dataset_from_directory(data_dir, validation_split=validation_split, ` +
  `subset="training", **options)
        validation = keras.utils.image_dataset_from_directory(data_dir, validation_split=validation_split, ` +
  `subset="validation", **options)
    else:
        train = keras.utils.image_dataset_from_directory(data_dir, **options)
        validation = None
    rescale = layers.Rescaling(SCALE)
    sharding = tf.data.Options()
    sharding.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA

    def prepare(dataset):
        if dataset is None:
            return None
        dataset = dataset.map(lambda x, y: (rescale(x), y), num_parallel_calls=tf.data.AUTOTUNE)
        return dataset.with_options(sharding).prefetch(tf.data.AUTOTUNE)

    return prepare(train), prepare(validation)


def read_tfjs_weights(folder):
    """Reads the weights of a TF.js Layers export (model.json and its weight files) with numpy: {name: array}."""
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
        manifest = json.load(f)["weightsManifest"]
    weights = {}
    for group in manifest:
        chunks = []
        for path in group["paths"]:
            with open(os.path.join(folder, path), "rb") as f:
                chunks.append(f.read())
        data = b"".join(chunks)
        offset = 0
        for entry in group["weights"]:
            shape = tuple(entry["shape"])
            count = int(np.prod(shape, dtype=np.int64))
            quantization = entry.get("quantization")
            dtype = quantization["dtype"] if quantization else entry["dtype"]
            width = {"float32": 4, "int32": 4, "uint8": 1, "uint16": 2, "float16": 2}[dtype]
            raw = np.frombuffer(data, dtype=np.dtype(dtype).newbyteorder("<"), count=count, offset=offset)
            if quantization and dtype != "float16":
                # Affine quantisation: value = q * scale + min, in double precision as TF.js computes it.
                values = raw.astype(np.float64) * quantization["scale"] + quantization["min"]
            else:
                values = raw
            weights[entry["name"]] = values.astype(np.float32).reshape(shape)
            offset += count * width
    return weights


def load_tfjs_weights(model, folder):
    """Sets every layer's weights from a TF.js export of this model, matched by layer name and Keras weight name."""
    weights = read_tfjs_weights(folder)
    for layer in model.layers:
        names = WEIGHT_NAMES.get(layer.name, [])
        if not names:
            continue
        missing = [f"{layer.name}/{n}" for n in names if f"{layer.name}/{n}" not in weights]
        if missing:
            raise SystemExit(f"{folder}: the TF.js export has no weight {', '.join(missing)}; export this same ` +
  `model from Filterbank again")
        layer.set_weights([weights[f"{layer.name}/{n}"] for n in names])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split(chr(10))[0])
    parser.add_argument("--data", help="folder with one sub-folder of images per class")
    parser.add_argument("--validation-data", help="separate validation folder (instead of --validation-split)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="global batch size, split across replicas")
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--validation-split", type=float, default=VALIDATION_SPLIT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--strategy", choices=["default", "mirrored", "multiworker", "tpu"], default="default")
    parser.add_argument("--tpu", help="TPU name or address for --strategy tpu (empty: the local TPU VM)")
    parser.add_argument("--weights", help="folder of Filterbank's TF.js export to start from its trained weights")
    parser.add_argument("--output", default=OUTPUT_FILE, help="where to save the trained model")
    args = parser.parse_args()

    keras.utils.set_random_seed(args.seed)
    strategy = make_strategy(args.strategy, args.tpu)
    print(f"{strategy.num_replicas_in_sync} replica(s) with the {args.strategy} strategy")
    with strategy.scope():
        model = build_model()
        if args.weights:
            load_tfjs_weights(model, args.weights)
        model.compile(optimizer=make_optimizer(args.learning_rate), loss=LOSS, metrics=["accuracy"])
    model.summary()

    if args.data:
        train, validation = load_datasets(args.data, args.validation_data, args.batch_size, ` +
  `args.validation_split, args.seed)
        # As Filterbank: watch val_loss (loss without validation data).
        monitor = "val_loss" if validation is not None else "loss"
        initial_lr = float(np.array(model.optimizer.learning_rate))
        callbacks = schedule_callbacks(initial_lr, args.epochs, monitor)
        if EARLY_STOPPING_PATIENCE is not None:
            # Keep the best epoch's weights, as Filterbank does.
            callbacks.append(keras.callbacks.EarlyStopping(monitor=monitor, patience=EARLY_STOPPING_PATIENCE, ` +
  `restore_best_weights=True))
        if args.epochs > 0:
            model.fit(train, validation_data=validation, epochs=args.epochs, callbacks=callbacks)
        elif validation is not None:
            model.evaluate(validation)
    elif args.epochs > 0:
        parser.error("--data is required to train (or pass --epochs 0 to only build and save the model)")
    if is_chief():
        model.save(args.output)
        print(f"saved {args.output}")
    else:
        # Every worker of a multi-worker cluster must take part in saving; the others write to a scratch folder.
        scratch = tempfile.mkdtemp()
        model.save(os.path.join(scratch, os.path.basename(args.output)))
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
`;
