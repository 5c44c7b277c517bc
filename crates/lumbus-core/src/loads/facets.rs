//! The disc–facet split at one level.
//!
//! The upper vertebra sits on the disc (a translational spring, stiffer under compressive
//! preload) and on two facet joints behind it. Each facet has two unilateral contacts: a
//! compressive one (tip and capsule, normal along the disc axis) that closes in extension and
//! under axial load, and the articular surfaces (normal in the transverse plane at the facet's
//! orientation, posterior and medial) that resist anterior shear and axial rotation.
//!
//! The level's rotation is the posture's: the muscles hold it (they balance the joint moments),
//! so the vertebra's rotation away from neutral is prescribed and only its translation u is
//! free. Given the force the body above puts on the level, the vertebra translates until disc
//! and facets balance it; the contact forces that result are the facet loads. (As in Adams &
//! Hutton's experiments, where posture was set and compression applied.) The facets' own small
//! moment about the disc centre is left to the muscles: an approximation of a few N·m.
//!
//! The energy ½uᵀKu − Lᵀu + Σ ½k·max(0, pen(u))² is convex and piecewise quadratic, so Newton's
//! method with a line search finds the exact minimum in a few 3×3 steps.

use crate::model::{FACET_ARTICULAR_N_PER_MM, FACET_COMPRESSIVE_N_PER_MM, Level, preload_factor};
use nalgebra::{Matrix3, Vector3};

/// Facet loads at one level (disc frame), [right, left].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FacetResult {
    /// Contact force on each facet of the upper vertebra, N.
    pub force: [Vector3<f64>; 2],
    /// Separation of each facet's compressive contact, m (positive: open).
    pub gap: [f64; 2],
    /// Share of the level's compression carried by the facets (0 … 1).
    pub share: f64,
}

struct ContactPoint {
    /// pen = −n·(u + θ × p) − gap: the translation part of −n, and p × n for the rotation.
    normal_neg: Vector3<f64>,
    p_cross_n: Vector3<f64>,
    normal: Vector3<f64>,
    stiffness: f64,
    side: usize,
    compressive: bool,
}

/// The contacts of one level (built once per level).
pub struct FacetSolver {
    contacts: Vec<ContactPoint>,
    axial: f64,
    shear: f64,
    u: Vector3<f64>,
}

impl FacetSolver {
    pub fn new(level: &Level) -> Self {
        let (d, w, b) = (level.facet_posterior, level.facet_half_width, level.facet_orientation);
        let mut contacts = Vec::new();
        for (side, zs) in [(0usize, 1.0f64), (1, -1.0)] {
            let p = Vector3::new(-d, 0.0, zs * w);
            let normals = [
                (Vector3::new(0.0, 1.0, 0.0), FACET_COMPRESSIVE_N_PER_MM, true),
                (Vector3::new(-b.sin(), 0.0, -zs * b.cos()), FACET_ARTICULAR_N_PER_MM, false),
            ];
            for (n, k, compressive) in normals {
                // n·(θ × p) = θ·(p × n).
                contacts.push(ContactPoint {
                    normal_neg: -n,
                    p_cross_n: p.cross(&n),
                    normal: n,
                    stiffness: k * 1e3,
                    side,
                    compressive,
                });
            }
        }
        FacetSolver {
            contacts,
            axial: level.axial_stiffness,
            shear: level.shear_stiffness,
            u: Vector3::zeros(),
        }
    }

    fn pen(c: &ContactPoint, u: &Vector3<f64>, theta: &Vector3<f64>) -> f64 {
        c.normal_neg.dot(u) - c.p_cross_n.dot(theta)
    }

    fn energy(&self, k: &Vector3<f64>, load: &Vector3<f64>, u: &Vector3<f64>, theta: &Vector3<f64>) -> f64 {
        let mut e = 0.5 * u.component_mul(k).dot(u) - load.dot(u);
        for c in &self.contacts {
            let pen = Self::pen(c, u, theta);
            if pen > 0.0 {
                e += 0.5 * c.stiffness * pen * pen;
            }
        }
        e
    }

    /// `force`: the load on the level in the disc frame (the body above pushing on it);
    /// `rotation`: the level's rotation away from neutral (disc frame: bending about X, axial
    /// about Y, extension about Z), rad; `compression`: for the disc's preload stiffening.
    pub fn solve(&mut self, force: &Vector3<f64>, rotation: &Vector3<f64>, compression: f64) -> FacetResult {
        let pf = preload_factor(compression);
        let k = Vector3::new(self.shear, self.axial, self.shear) * pf;
        let mut u = self.u;
        for _ in 0..50 {
            let mut g = u.component_mul(&k) - force;
            let mut h = Matrix3::from_diagonal(&k);
            for c in &self.contacts {
                let pen = Self::pen(c, &u, rotation);
                if pen > 0.0 {
                    g += c.normal_neg * (c.stiffness * pen);
                    h += c.normal_neg * c.normal_neg.transpose() * c.stiffness;
                }
            }
            if g.amax() < 1e-9 * (1.0 + force.amax()) {
                break;
            }
            let Some(step) = h.cholesky().map(|ch| ch.solve(&g)) else { break };
            let e0 = self.energy(&k, force, &u, rotation);
            let mut t = 1.0;
            loop {
                let trial = u - step * t;
                if self.energy(&k, force, &trial, rotation) <= e0 - 1e-4 * t * g.dot(&step) || t < 1e-10 {
                    u = trial;
                    break;
                }
                t *= 0.5;
            }
        }
        self.u = u;
        let mut r = FacetResult::default();
        let mut vertical = 0.0;
        for c in &self.contacts {
            let pen = Self::pen(c, &u, rotation);
            if c.compressive {
                r.gap[c.side] = -pen;
            }
            if pen > 0.0 {
                let f = c.normal * (c.stiffness * pen);
                r.force[c.side] += f;
                vertical += f.y;
            }
        }
        r.share = if compression > 1.0 { (vertical / compression).clamp(0.0, 1.0) } else { 0.0 };
        r
    }
}
