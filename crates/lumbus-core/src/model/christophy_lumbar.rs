//! Lumbar muscle attachment points of the Christophy et al. 2012 lumbar spine model (Biomech
//! Model Mechanobiol 11:19–34), as stored in its MuJoCo conversion MyoTorso (MyoHub/myo_sim,
//! `torso/assets/myotorso_chain.xml`, commit 369d1032, Apache-2.0), right side.
//!
//! Coordinates are copied from that file's `<site>` and `<body pos>` elements, m, in its
//! OpenSim-style body frames (X anterior, Y up, Z right; at the model's neutral posture every
//! lumbar frame is parallel to the sacrum's). Each `lumbarK` frame's origin is its joint with the
//! body below; the torso is welded to lumbar1. `muscles_trunk.rs` maps them onto Lumbus's frames.

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

/// Longissimus thoracis pars lumborum L1 … L5: accessory/transverse process of the vertebra
/// (`LTpL_Lk_pathpoint_0`) and the dorsal ilium near the PSIS (`LTpL_Lk_pathpoint`).
pub const LONGISSIMUS_LUMBORUM: [[Site; 2]; 5] = [
    [s(Lumbar(1), -0.0290759, 0.0150555, 0.0217951), s(Sacrum, -0.161991, 0.059194, 0.043117)],
    [s(Lumbar(2), -0.0287627, 0.0125583, 0.0203), s(Sacrum, -0.159688, 0.061969, 0.041946)],
    [s(Lumbar(3), -0.0291611, 0.01963, 0.01961), s(Sacrum, -0.158442, 0.06649, 0.0402)],
    [s(Lumbar(4), -0.0203429, 0.0230538, 0.0224016), s(Sacrum, -0.150501, 0.066487, 0.03731)],
    [s(Lumbar(5), -0.0103429, 0.02665, 0.0224), s(Sacrum, -0.14125, 0.0738877, 0.034867)],
];

/// Iliocostalis lumborum pars lumborum L1 … L4: tip of the transverse process (`IL_Lk-P2`) and
/// the iliac crest (`IL_Lk-P1`). Christophy wraps these over a cylinder; here they are straight.
pub const ILIOCOSTALIS_LUMBORUM: [[Site; 2]; 4] = [
    [s(Lumbar(1), -0.0300702, 0.0155021, 0.0291785), s(Sacrum, -0.15941, 0.059946, 0.038294)],
    [s(Lumbar(2), -0.0298319, 0.0116685, 0.0285294), s(Sacrum, -0.150919, 0.077177, 0.042649)],
    [s(Lumbar(3), -0.029216, 0.0199881, 0.0305391), s(Sacrum, -0.13692, 0.088811, 0.047511)],
    [s(Lumbar(4), -0.021962, 0.0255823, 0.0314287), s(Sacrum, -0.131838, 0.085597, 0.044204)],
];

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

/// Longissimus thoracis pars thoracis, the fascicle from the 8th rib (`LTpT_R8`): sacrum, via
/// points on L4, L3, L2, then the rib (its first torso point).
pub const LONGISSIMUS_THORACIS: [Site; 5] = [
    s(Sacrum, -0.1429, 0.05025, 0.00037),
    s(Lumbar(4), -0.0465288, 0.0181236, 0.0113934),
    s(Lumbar(3), -0.0459248, 0.0135047, 0.0160395),
    s(Lumbar(2), -0.04399, 0.00388, 0.0205414),
    s(Torso, -0.0812671, 0.180838, 0.04071),
];

/// Iliocostalis lumborum pars thoracis, the fascicle to the 8th rib (`IL_R8`): iliac crest, via
/// point on L2, then the rib (its first torso point).
pub const ILIOCOSTALIS_THORACIS: [Site; 3] = [
    s(Sacrum, -0.137327, 0.091901, 0.05018),
    s(Lumbar(2), -0.0481978, 0.00285524, 0.05001),
    s(Torso, -0.0790523, 0.170344, 0.05123),
];
