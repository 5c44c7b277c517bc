//! Evaluating the measured template's Fourier series at a phase (with its derivatives).

use super::template_data::FourierSeries;
use crate::jet::{DualNum, J, c};
use std::f64::consts::TAU;

/// Most harmonics a series has (the template's have 6 or 8; the body's vertical acceleration and
/// the plan's fits to it, 12).
pub const MAX_HARMONICS: usize = 12;

/// cos(2πkp) and sin(2πkp), k = 1 … n, at one phase (jets). Several series are often
/// evaluated at the same phase (the pelvis's six, the lumbar chain's three): they share one basis
/// instead of each running the recurrence again.
#[derive(Clone, Copy, Debug)]
pub struct Harmonics {
    cos: [J; MAX_HARMONICS],
    sin: [J; MAX_HARMONICS],
    n: usize,
}

impl Harmonics {
    /// The first `n` harmonics at phase p.
    pub fn at(p: J, n: usize) -> Harmonics {
        assert!(n <= MAX_HARMONICS, "at most {MAX_HARMONICS} harmonics, not {n}");
        // Harmonic k+1 from harmonic k by the angle-addition rule: one sine and cosine per phase
        // instead of one per harmonic.
        let (s1, c1) = (p * TAU).sin_cos();
        let (mut cos, mut sin) = ([c1; MAX_HARMONICS], [s1; MAX_HARMONICS]);
        for k in 1..n {
            let (ck, sk) = (cos[k - 1], sin[k - 1]);
            (cos[k], sin[k]) = (ck * c1 - sk * s1, sk * c1 + ck * s1);
        }
        Harmonics { cos, sin, n }
    }
}

/// mean + Σ_k (cos[k-1]·cos(2πkp) + sin[k-1]·sin(2πkp)) on the basis of phase p.
fn sum(mean: f64, cos: &[f64], sin: &[f64], h: &Harmonics) -> J {
    assert!(cos.len() <= h.n, "a series of {} harmonics on a basis of {}", cos.len(), h.n);
    let mut v = c(mean);
    for (k, (a, b)) in cos.iter().zip(sin.iter()).enumerate() {
        v += h.cos[k] * *a + h.sin[k] * *b;
    }
    v
}

impl FourierSeries {
    /// Value at phase `p` (a jet: its derivatives carry through).
    pub fn at(&self, p: J) -> J {
        self.on(&Harmonics::at(p, self.cos.len()))
    }

    /// Value at the phase whose basis `h` is.
    pub fn on(&self, h: &Harmonics) -> J {
        sum(self.mean, self.cos, self.sin, h)
    }

    /// Plain value at a phase.
    pub fn value(&self, p: f64) -> f64 {
        self.at(c(p)).re
    }

    /// Peak-to-peak range over a cycle (sampled finely).
    pub fn range(&self) -> f64 {
        let (mut lo, mut hi) = (f64::MAX, f64::MIN);
        for i in 0..400 {
            let v = self.value(i as f64 / 400.0);
            lo = lo.min(v);
            hi = hi.max(v);
        }
        hi - lo
    }
}

/// A zero-mean Fourier series built at run time (a plan's own correction), same convention as
/// [`FourierSeries`].
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub cos: Vec<f64>,
    pub sin: Vec<f64>,
}

impl Series {
    pub fn with_harmonics(n: usize) -> Series {
        Series { cos: vec![0.0; n], sin: vec![0.0; n] }
    }

    /// Value at the phase whose basis `h` is.
    pub fn on(&self, h: &Harmonics) -> J {
        sum(0.0, &self.cos, &self.sin, h)
    }
}
