//! Abdominal bracing: a voluntary co-contraction held through the gait cycle.
//!
//! Static optimisation alone never co-contracts (an antagonist only costs), so bracing enters
//! as a floor on the activation of every abdominal fascicle (rectus abdominis, external and
//! internal obliques): `[muscles] bracing` = the fraction of maximum activation held. The trunk
//! extensors must then balance the abdominals' flexion moment as well as the gait's, which is
//! the mechanism by which bracing changes spinal load. How hard people brace when told to is an
//! assumption of the scene (no walking bracing level is in REFERENCES.md).

use crate::model::{Model, MuscleGroup};

/// Each muscle's activation floor, in `Model::muscles` order.
pub fn activation_floor(model: &Model) -> Vec<f64> {
    let bracing = model.scene.muscles.bracing;
    model.muscles.iter().map(|m| if m.group == MuscleGroup::Abdominals { bracing } else { 0.0 }).collect()
}
