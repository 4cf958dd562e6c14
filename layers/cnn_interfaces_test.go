package layers

// The convolutional-network layers are Layers, Named and InputShaped;
// those with a configuration to check are Validators.
var (
	_ interface {
		Layer
		Named
		InputShaped
	} = (*Conv2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*Conv1D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*DepthwiseConv2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*SeparableConv2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*MaxPooling2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*AveragePooling2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*MaxPooling1D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*AveragePooling1D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*GlobalAveragePooling2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*GlobalMaxPooling2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*GlobalAveragePooling1D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*GlobalMaxPooling1D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*BatchNormalization)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*LayerNormalization)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*ZeroPadding2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*Cropping2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*UpSampling2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*Reshape)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*Permute)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*SpatialDropout2D)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*Rescaling)(nil)
	_ interface {
		Layer
		Named
		InputShaped
	} = (*RandomFlip)(nil)
	_ Validator = (*Conv2D)(nil)
	_ Validator = (*Conv1D)(nil)
	_ Validator = (*DepthwiseConv2D)(nil)
	_ Validator = (*SeparableConv2D)(nil)
	_ Validator = (*MaxPooling2D)(nil)
	_ Validator = (*AveragePooling2D)(nil)
	_ Validator = (*MaxPooling1D)(nil)
	_ Validator = (*AveragePooling1D)(nil)
	_ Validator = (*BatchNormalization)(nil)
	_ Validator = (*LayerNormalization)(nil)
	_ Validator = (*ZeroPadding2D)(nil)
	_ Validator = (*Cropping2D)(nil)
	_ Validator = (*UpSampling2D)(nil)
	_ Validator = (*Reshape)(nil)
	_ Validator = (*Permute)(nil)
	_ Validator = (*SpatialDropout2D)(nil)
	_ Validator = (*Rescaling)(nil)
	_ Validator = (*RandomFlip)(nil)
)
