//! The disc–facet split at one level.
//!
//! The upper vertebra sits on the disc (a 6-DoF spring, stiffer under compressive preload) and
//! on two facet joints behind it. Each facet has two unilateral contacts: a compressive one
//! (tip and capsule, normal along the disc axis) that closes in extension and under axial
//! load, and the articular surfaces (normal in the transverse plane at the facet's orientation,
//! posterior and medial) that resist anterior shear and axial rotation.
//!
//! The posture asks each level for a rotation away from the segment's unloaded neutral (the
//! gait's motion, plus the extension that erect standing holds: Adams & Hutton 1980's
//! "lordotic" posture). The structures are loaded by the force the body above puts on the level
//! and by the moment that rotation takes through the disc's rotational stiffness; the vertebra
//! then moves (translates and rotates) until disc and facets balance it. Where the facets engage
//! they carry part of that moment as a couple about the disc, as in the experiments.
//!
//! The energy ½xᵀKx − wᵀx + Σ ½k·max(0, pen(x))² is convex and piecewise quadratic in the
//! vertebra's small displacement x = (u, θ), so Newton's method with a line search finds the
//! exact minimum in a few 6×6 steps.

use crate::model::{
    FACET_ARTICULAR_N_PER_MM, FACET_COMPRESSIVE_N_PER_MM, Level, STANDING_EXTENSION_DEG, preload_factor,
};
use nalgebra::{SMatrix, SVector, Vector3};

type V6 = SVector<f64, 6>;
type M6 = SMatrix<f64, 6, 6>;

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
    /// pen = −n·(u + θ × p) = Jᵀx with J = −[n; p × n].
    jac: V6,
    normal: Vector3<f64>,
    stiffness: f64,
    side: usize,
    compressive: bool,
}

/// The contacts of one level (built once per level) and the last solution (a warm start).
pub struct FacetSolver {
    contacts: Vec<ContactPoint>,
    /// Disc stiffness without preload: shear, axial, shear (N/m); lateral bending, axial
    /// rotation, extension (N·m/rad).
    base: [f64; 6],
    x: V6,
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
                let pn = p.cross(&n);
                let jac = V6::new(-n.x, -n.y, -n.z, -pn.x, -pn.y, -pn.z);
                contacts.push(ContactPoint { jac, normal: n, stiffness: k * 1e3, side, compressive });
            }
        }
        let k = level.rot_stiffness;
        FacetSolver {
            contacts,
            base: [level.shear_stiffness, level.axial_stiffness, level.shear_stiffness, k[0], k[1], k[2]],
            x: V6::zeros(),
        }
    }

    fn energy(&self, kd: &V6, w: &V6, x: &V6) -> f64 {
        let mut e = 0.5 * x.component_mul(kd).dot(x) - w.dot(x);
        for c in &self.contacts {
            let pen = c.jac.dot(x);
            if pen > 0.0 {
                e += 0.5 * c.stiffness * pen * pen;
            }
        }
        e
    }

    /// `force`: the load on the level in the disc frame (the body above pushing on it);
    /// `rotation`: the level's rotation away from its standing angle (disc frame: bending about
    /// X, axial about Y, extension about Z), rad; `compression`: for the preload stiffening.
    pub fn solve(&mut self, force: &Vector3<f64>, rotation: &Vector3<f64>, compression: f64) -> FacetResult {
        let pf = preload_factor(compression);
        let b = self.base;
        let kd = V6::new(b[0], b[1], b[2], b[3], b[4], b[5]) * pf;
        let posture = rotation + Vector3::new(0.0, 0.0, STANDING_EXTENSION_DEG.to_radians());
        let w = V6::new(force.x, force.y, force.z, kd[3] * posture.x, kd[4] * posture.y, kd[5] * posture.z);
        let mut x = self.x;
        for _ in 0..50 {
            let mut g = x.component_mul(&kd) - w;
            let mut h = M6::from_diagonal(&kd);
            for c in &self.contacts {
                let pen = c.jac.dot(&x);
                if pen > 0.0 {
                    g += c.jac * (c.stiffness * pen);
                    h.syger(c.stiffness, &c.jac, &c.jac, 1.0);
                }
            }
            if g.amax() < 1e-9 * (1.0 + w.amax()) {
                break;
            }
            let Some(step) = h.cholesky().map(|ch| ch.solve(&g)) else { break };
            let e0 = self.energy(&kd, &w, &x);
            let mut t = 1.0;
            loop {
                let trial = x - step * t;
                if self.energy(&kd, &w, &trial) <= e0 - 1e-4 * t * g.dot(&step) || t < 1e-10 {
                    x = trial;
                    break;
                }
                t *= 0.5;
            }
        }
        self.x = x;
        let mut r = FacetResult::default();
        let mut vertical = 0.0;
        for c in &self.contacts {
            let pen = c.jac.dot(&x);
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
