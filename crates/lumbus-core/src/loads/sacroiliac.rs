//! The sacroiliac (SI) joints' load, from the sacrum as a free body.
//!
//! The model's pelvis is one rigid body, sacrum included, so the SI joints carry no motion and
//! no stiffness here; their load still follows from equilibrium. The sacrum is held by: the
//! L5–S1 disc and facets from above (the level's joint reaction), the muscles attached on the
//! dorsal sacrum (their pull: multifidus and the erector spinae's sacral parts, and any hip
//! muscle whose model origin lies there), and the two ilia through the SI joints. So the SI
//! joints together carry minus the sum of the first two. Assumptions, named:
//! - the sacrum's own weight and inertia (a few kg) are left out;
//! - a pelvis attachment counts as sacral when it lies behind the S1 endplate centre and within
//!   `SACRUM_HALF_WIDTH` of the midline (the model's attachments are themselves assumptions,
//!   `model/muscles_trunk.rs`);
//! - the two SI joints are not separated (no SI geometry is in REFERENCES.md): the total is
//!   reported, not a left/right split.
//!
//! No measured SI load in walking is in REFERENCES.md: this is the model's own answer.

use crate::gait::Pose;
use crate::model::{Model, PELVIS};
use crate::results::Frame;
use nalgebra::Vector3;

/// Half the width of the sacrum's dorsal surface where the muscles attach, m at 1.75 m
/// (assumption).
pub const SACRUM_HALF_WIDTH: f64 = 0.03;
/// How far behind the S1 endplate centre a sacral attachment lies at least, m at 1.75 m
/// (assumption: the dorsal sacrum, not the pubis or the pelvic brim).
pub const SACRUM_BEHIND_S1: f64 = 0.03;

/// Whether a point on the pelvis (pelvis frame) is on the dorsal sacrum.
pub fn on_sacrum(model: &Model, p: &Vector3<f64>) -> bool {
    let s = model.lengths.trunk_scale;
    let rel = p - model.s1_in_pelvis;
    rel.x < -SACRUM_BEHIND_S1 * s && rel.z.abs() < SACRUM_HALF_WIDTH * s
}

/// The force the two SI joints together exert on the sacrum, world frame, N, at one frame.
pub fn sacroiliac_force(model: &Model, pose: &Pose, frame: &Frame) -> Vector3<f64> {
    let l = &frame.levels[4];
    // The L5–S1 load on the body below, disc frame (compression along −Y) → world.
    let from_above = pose.disc_rot[4] * Vector3::new(l.ap_shear_n, -l.compression_n, l.ml_shear_n);
    let mut pull = Vector3::zeros();
    for (m, force) in model.muscles.iter().zip(&frame.muscle_force_n) {
        for piece in m.path.windows(2) {
            let (a, b) = (&piece[0], &piece[1]);
            let (sacral, other) = match (a.segment == PELVIS, b.segment == PELVIS) {
                (true, false) => (a, b),
                (false, true) => (b, a),
                _ => continue,
            };
            if !on_sacrum(model, &sacral.point) {
                continue;
            }
            let ps = pose.point(PELVIS, &sacral.point);
            let po = pose.point(other.segment, &other.point);
            pull += (po - ps).normalize() * *force;
        }
    }
    -(from_above + pull)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Scene;

    /// The sacral attachments are the back muscles' sacral origins, never the abdominals' pubic
    /// ones or the psoas's brim.
    #[test]
    fn sacral_attachments_are_the_dorsal_ones() {
        let model = Model::new(&Scene::default());
        let sacral: Vec<&str> = model
            .muscles
            .iter()
            .filter(|m| m.path.iter().any(|a| a.segment == PELVIS && on_sacrum(&model, &a.point)))
            .map(|m| m.name.as_str())
            .collect();
        assert!(sacral.iter().any(|n| n.contains("multifidus")), "{sacral:?}");
        assert!(!sacral.iter().any(|n| n.contains("rectus_abd") || n.contains("psoas")), "{sacral:?}");
    }
}
