//! Evaluating the measured template's Fourier series at a phase (with its derivatives).

use super::template_data::FourierSeries;
use crate::jet::{DualNum, J, c};
use std::f64::consts::TAU;

impl FourierSeries {
    /// Value at phase `p` (a jet: its derivatives carry through).
    pub fn at(&self, p: J) -> J {
        let mut v = c(self.mean);
        for (k, (a, b)) in self.cos.iter().zip(self.sin.iter()).enumerate() {
            let w = p * (TAU * (k + 1) as f64);
            v += w.cos() * *a + w.sin() * *b;
        }
        v
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
