package losses

// Epsilon is Keras's backend epsilon (tf.keras.backend.epsilon(), 1e-7),
// the fuzz factor by which the crossentropies keep probabilities away from
// 0 and 1 before taking logarithms.
const Epsilon = 1e-7
