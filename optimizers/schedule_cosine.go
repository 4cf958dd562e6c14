package optimizers

import "math"

// CosineDecay is Keras's CosineDecay schedule ("SGDR: Stochastic Gradient
// Descent with Warm Restarts", without restarts), with an optional linear
// warm-up. Without warm-up (WarmupSteps 0),
//
//	decayed(t) = (1 − Alpha)·0.5·(1 + cos(π·min(t, DecaySteps)/DecaySteps)) + Alpha
//	rate(step) = InitialLearningRate·decayed(step)
//
// With WarmupSteps > 0 the rate rises linearly from InitialLearningRate to
// WarmupTarget over the first WarmupSteps steps, then decays from
// WarmupTarget: rate(step) = WarmupTarget·decayed(step − WarmupSteps).
// Fields have no defaults: set them as Keras's arguments (Keras's
// warmup_target=None is WarmupSteps 0 here).
type CosineDecay struct {
	InitialLearningRate float64 // >= 0
	DecaySteps          float64 // > 0
	Alpha               float64 // the final rate as a fraction of the initial one, >= 0
	WarmupTarget        float64 // >= 0, used when WarmupSteps > 0
	WarmupSteps         float64 // >= 0
}

// Rate returns the learning rate after step steps.
func (s CosineDecay) Rate(step int64) float64 {
	t := float64(step)
	if s.WarmupSteps == 0 {
		return s.InitialLearningRate * s.decayed(min(t, s.DecaySteps))
	}
	t = min(t, s.DecaySteps+s.WarmupSteps)
	if t < s.WarmupSteps {
		return (s.WarmupTarget-s.InitialLearningRate)*(t/s.WarmupSteps) + s.InitialLearningRate
	}
	return s.WarmupTarget * s.decayed(t-s.WarmupSteps)
}

// decayed is the cosine factor after t decay steps.
func (s CosineDecay) decayed(t float64) float64 {
	cosine := 0.5 * (1 + math.Cos(math.Pi*(t/s.DecaySteps)))
	return (1-s.Alpha)*cosine + s.Alpha
}

// Validate checks the settings.
func (s CosineDecay) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"InitialLearningRate", s.InitialLearningRate}, {"Alpha", s.Alpha}, {"WarmupTarget", s.WarmupTarget}, {"WarmupSteps", s.WarmupSteps}} {
		if err := checkFinite("CosineDecay", f.name, f.v); err != nil {
			return err
		}
	}
	return checkPositive("CosineDecay", "DecaySteps", s.DecaySteps)
}

// CosineDecayRestarts is Keras's CosineDecayRestarts schedule (SGDR): a
// cosine decay over FirstDecaySteps steps, then restarts, each period TMul
// times as long as the one before and starting MMul times as high. With
// i the number of restarts so far and f the fraction of the current period
// completed,
//
//	rate(step) = InitialLearningRate·((1 − Alpha)·0.5·MMul^i·(1 + cos(π·f)) + Alpha)
//
// TMul 0 means Keras's default, 2; MMul 0 means Keras's default, 1.
type CosineDecayRestarts struct {
	InitialLearningRate float64 // >= 0
	FirstDecaySteps     float64 // > 0
	TMul                float64 // > 0; 0 means 2
	MMul                float64 // > 0; 0 means 1
	Alpha               float64 // >= 0
}

// Rate returns the learning rate after step steps.
func (s CosineDecayRestarts) Rate(step int64) float64 {
	tMul, mMul := orDefault(s.TMul, 2), orDefault(s.MMul, 1)
	f := float64(step) / s.FirstDecaySteps
	var i float64
	if tMul == 1 {
		i = math.Floor(f)
		f -= i
	} else {
		i = math.Floor(math.Log(1-f*(1-tMul)) / math.Log(tMul))
		sumR := (1 - math.Pow(tMul, i)) / (1 - tMul)
		f = (f - sumR) / math.Pow(tMul, i)
	}
	cosine := 0.5 * math.Pow(mMul, i) * (1 + math.Cos(math.Pi*f))
	return s.InitialLearningRate * ((1-s.Alpha)*cosine + s.Alpha)
}

// Validate checks the settings.
func (s CosineDecayRestarts) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"InitialLearningRate", s.InitialLearningRate}, {"TMul", s.TMul}, {"MMul", s.MMul}, {"Alpha", s.Alpha}} {
		if err := checkFinite("CosineDecayRestarts", f.name, f.v); err != nil {
			return err
		}
	}
	return checkPositive("CosineDecayRestarts", "FirstDecaySteps", s.FirstDecaySteps)
}
