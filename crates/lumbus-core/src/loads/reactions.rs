//! Joint reaction at a lumbar level, in the disc frame.

use nalgebra::{Matrix3, Vector3};

/// The load the body above a level puts on its disc and facets (the joint reaction on the upper
/// body, reversed), in the disc frame.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LevelLoad {
    /// Along −Y of the disc frame, positive when compressive, N.
    pub compression: f64,
    /// Along +X (the upper body pushed forward), N.
    pub ap_shear: f64,
    /// Along +Z (to the right), N.
    pub ml_shear: f64,
}

/// `reaction_on_upper`: the force the structures below exert on the upper body (net
/// intersegmental force less the muscle forces crossing the level), world frame.
pub fn level_load(reaction_on_upper: &Vector3<f64>, disc_rot: &Matrix3<f64>) -> LevelLoad {
    let load = disc_rot.transpose() * (-reaction_on_upper);
    LevelLoad { compression: -load.y, ap_shear: load.x, ml_shear: load.z }
}
