//! Lumbar muscle attachment points of the Christophy et al. 2012 lumbar spine model (Biomech
//! Model Mechanobiol 11:19–34), as stored in its MuJoCo conversion MyoTorso (MyoHub/myo_sim,
//! `torso/assets/myotorso_chain.xml`, commit 369d1032, Apache-2.0), right side.
//!
//! Coordinates are copied from that file's `<site>` and `<body pos>` elements, m, in its
//! OpenSim-style body frames (X anterior, Y up, Z right; at the model's neutral posture every
//! lumbar frame is parallel to the sacrum's). Each `lumbarK` frame's origin is its joint with the
//! body below; the torso is welded to lumbar1. `muscles_trunk.rs` maps them onto Lumbus's frames.
//!
//! Only the quadratus lumborum's sites are used now. The erector spinae's (longissimus and
//! iliocostalis, lumbar and thoracic parts, lumped to one fascicle per vertebra) were used until
//! 2026-11-22, when AnyBody's whole erector spinae replaced them (`anybody_erector.rs`); they are
//! in this file's history.

/// A Christophy body: the sacrum (pelvis), a lumbar vertebra, or the torso.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Body {
    Sacrum,
    /// Lumbar vertebra 1 … 5.
    Lumbar(usize),
    Torso,
}

#[cfg(test)]
impl Body {
    /// Order from the top of the lumbar chain down: the torso 0, lumbar k its number, the sacrum
    /// (with the pelvis) 6 — for checking that a muscle path runs caudally.
    pub fn rank(self) -> usize {
        match self {
            Torso => 0,
            Lumbar(k) => k,
            Sacrum => 6,
        }
    }
}

/// One site: the body it is fixed in and its position there, m.
#[derive(Clone, Copy, Debug)]
pub struct Site {
    pub body: Body,
    pub pos: [f64; 3],
}

const fn s(body: Body, x: f64, y: f64, z: f64) -> Site {
    Site { body, pos: [x, y, z] }
}
use Body::*;

/// Origin of each lumbar body in its parent (`<body pos>`): lumbar5 in the sacrum, lumbar4 in
/// lumbar5, … lumbar1 in lumbar2. Index k−1 for lumbar k.
pub const LUMBAR_IN_PARENT: [[f64; 2]; 5] =
    [[-0.0114, 0.0288], [-0.0067, 0.0351], [0.0006, 0.0332], [0.009, 0.0321], [-0.098, 0.071]];
/// Origin of the torso in lumbar1.
pub const TORSO_IN_LUMBAR1: [f64; 2] = [0.0025, -0.089];

/// Quadratus lumborum, posterior layer, L1 … L4: transverse process of the vertebra and the
/// iliac crest (`QL_post_I.3-L1`, `I.2-L2`, `I.2-L3`, `I.2-L4`).
pub const QUADRATUS_LUMBORUM: [[Site; 2]; 4] = [
    [s(Lumbar(1), -0.0326362, 0.0148767, 0.029), s(Sacrum, -0.10477, 0.11112, 0.06917)],
    [s(Lumbar(2), -0.031, 0.012, 0.0303), s(Sacrum, -0.11147, 0.105308, 0.05902)],
    [s(Lumbar(3), -0.029, 0.01963, 0.0303), s(Sacrum, -0.11147, 0.105308, 0.05902)],
    [s(Lumbar(4), -0.022, 0.02605, 0.0303), s(Sacrum, -0.11147, 0.105308, 0.05902)],
];

/// Quadratus lumborum, anterior layer to the 12th rib (`QL_ant_I.3-12.2`): iliac crest, rib.
pub const QUADRATUS_RIB: [Site; 2] =
    [s(Sacrum, -0.10477, 0.11112, 0.06917), s(Torso, -0.04024, 0.11786, 0.04608)];
