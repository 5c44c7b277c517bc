//! Trunk muscles, fascicle by fascicle, per side.
//!
//! Geometry: no table of lumbar muscle attachments was retrieved (REFERENCES.md lists Bogduk,
//! Macintosh & Pearcy 1992 and Christophy 2012, "tables not retrieved"), so every point and
//! cross-section here is an assumption: placed from standard anatomy (spinous, mammillary and
//! transverse processes; sacrum, posterior iliac crest, lower ribs, pubis), sized for a 1.75 m
//! adult and scaled with height. Cross-sectional areas are in cm² (force = area × max stress);
//! the psoas total, 14.5 cm², gives 1450 N at 100 N/cm², close to the 1427 N of Rajagopal et
//! al. 2016's model.

use super::muscle::{Attachment, Muscle, MuscleGroup};
use super::segment::{PELVIS, SIDE_SIGN, THORAX, VERTEBRA};
use nalgebra::Vector3;

/// Where the trunk muscles meet the pelvis, relative to the centre of the S1 endplate (pelvis
/// axes, m, right side).
struct PelvisPoints {
    sacrum: Vector3<f64>,
    psis: Vector3<f64>,
    iliac_crest_post: Vector3<f64>,
    iliac_crest_lat: Vector3<f64>,
    sacrum_low: Vector3<f64>,
}

const PELVIS_POINTS: PelvisPoints = PelvisPoints {
    sacrum: Vector3::new(-0.060, -0.040, 0.015),
    psis: Vector3::new(-0.075, -0.005, 0.040),
    iliac_crest_post: Vector3::new(-0.055, 0.025, 0.065),
    iliac_crest_lat: Vector3::new(-0.010, 0.035, 0.075),
    sacrum_low: Vector3::new(-0.070, -0.030, 0.020),
};

/// Points in the pelvis frame proper (not relative to S1), right side.
const PUBIS: Vector3<f64> = Vector3::new(-0.015, -0.085, 0.020);
const INGUINAL: Vector3<f64> = Vector3::new(0.000, -0.030, 0.090);
const ILIAC_CREST_ANT: Vector3<f64> = Vector3::new(-0.030, 0.030, 0.120);

/// Points on a lumbar vertebra, in its frame (origin at the body centre), right side.
const SPINOUS: Vector3<f64> = Vector3::new(-0.065, -0.010, 0.005);
const MAMMILLARY: Vector3<f64> = Vector3::new(-0.040, 0.000, 0.025);
const TRANSVERSE_TIP: Vector3<f64> = Vector3::new(-0.025, 0.000, 0.055);
const BODY_LATERAL: Vector3<f64> = Vector3::new(-0.005, 0.000, 0.025);

/// Points on the thorax, in its frame (origin at the thoracolumbar joint), right side.
const RIB_LONGISSIMUS: Vector3<f64> = Vector3::new(-0.055, 0.150, 0.030);
const RIB_ILIOCOSTALIS: Vector3<f64> = Vector3::new(-0.050, 0.100, 0.065);
const RIB_12: Vector3<f64> = Vector3::new(-0.030, 0.030, 0.070);
const RIB_RECTUS: Vector3<f64> = Vector3::new(0.140, 0.100, 0.045);
const RIB_EXT_OBLIQUE: Vector3<f64> = Vector3::new(0.060, 0.080, 0.130);
const RIB_INT_OBLIQUE: Vector3<f64> = Vector3::new(0.100, 0.020, 0.080);

/// Cross-sections per fascicle, cm², by vertebra L1 … L5 (assumptions).
const MULTIFIDUS_CM2: [f64; 5] = [0.8, 1.0, 1.2, 1.5, 1.5];
const LONGISSIMUS_LUMBORUM_CM2: [f64; 5] = [0.7, 0.8, 0.9, 1.0, 1.0];
const ILIOCOSTALIS_LUMBORUM_CM2: [f64; 4] = [1.0, 1.2, 1.4, 1.4];
const QUADRATUS_LUMBORUM_CM2: [f64; 4] = [0.5, 0.5, 0.5, 0.5];
const PSOAS_CM2: [f64; 5] = [2.0, 2.5, 3.0, 3.5, 3.5];
const LONGISSIMUS_THORACIS_CM2: f64 = 5.0;
const ILIOCOSTALIS_THORACIS_CM2: f64 = 3.0;
const QUADRATUS_RIB_CM2: f64 = 1.5;
const RECTUS_ABDOMINIS_CM2: f64 = 3.0;
const EXTERNAL_OBLIQUE_CM2: f64 = 7.5;
const INTERNAL_OBLIQUE_CM2: f64 = 7.5;

/// Everything a trunk muscle needs to know about the subject.
pub struct TrunkFrame {
    /// Centre of the S1 endplate in the pelvis frame.
    pub s1: Vector3<f64>,
    /// Length scale relative to 1.75 m.
    pub scale: f64,
    /// Force per cm² of cross-section, N.
    pub stress: f64,
    /// The psoas's path from the pelvic brim to the femur: (pelvis point, femur points), right side.
    pub psoas_brim: Vector3<f64>,
    pub psoas_femur: Vec<Vector3<f64>>,
    pub femur: [usize; 2],
}

fn mirror(p: Vector3<f64>, side: usize) -> Vector3<f64> {
    Vector3::new(p.x, p.y, p.z * SIDE_SIGN[side])
}

pub fn trunk_muscles(f: &TrunkFrame, strength: impl Fn(MuscleGroup) -> f64) -> Vec<Muscle> {
    let mut out = Vec::new();
    let names = ["L1", "L2", "L3", "L4", "L5"];
    for side in 0..2 {
        let sfx = if side == 0 { "r" } else { "l" };
        let at = |segment: usize, p: Vector3<f64>| Attachment { segment, point: mirror(p, side) * f.scale };
        let pel = |p: Vector3<f64>| Attachment { segment: PELVIS, point: f.s1 + mirror(p, side) * f.scale };
        let mut add = |name: String, group: MuscleGroup, cm2: f64, path: Vec<Attachment>| {
            out.push(Muscle {
                name,
                group,
                side,
                max_force: cm2 * f.stress * strength(group),
                path,
                knee_arm: None,
            });
        };
        // Vertebra index: names[i] is L(i+1) = VERTEBRA[4 - i].
        for i in 0..5 {
            let v = VERTEBRA[4 - i];
            add(
                format!("multifidus_{}_{sfx}", names[i]),
                MuscleGroup::Multifidus,
                MULTIFIDUS_CM2[i],
                vec![at(v, SPINOUS), pel(PELVIS_POINTS.sacrum)],
            );
            add(
                format!("longissimus_lumborum_{}_{sfx}", names[i]),
                MuscleGroup::ErectorSpinae,
                LONGISSIMUS_LUMBORUM_CM2[i],
                vec![at(v, MAMMILLARY), pel(PELVIS_POINTS.psis)],
            );
            if i < 4 {
                add(
                    format!("iliocostalis_lumborum_{}_{sfx}", names[i]),
                    MuscleGroup::ErectorSpinae,
                    ILIOCOSTALIS_LUMBORUM_CM2[i],
                    vec![at(v, TRANSVERSE_TIP), pel(PELVIS_POINTS.iliac_crest_post)],
                );
                add(
                    format!("quadratus_lumborum_{}_{sfx}", names[i]),
                    MuscleGroup::QuadratusLumborum,
                    QUADRATUS_LUMBORUM_CM2[i],
                    vec![at(v, TRANSVERSE_TIP), pel(PELVIS_POINTS.iliac_crest_lat)],
                );
            }
            // The psoas bends over the pelvic brim to the lesser trochanter.
            let mut path =
                vec![at(v, BODY_LATERAL), Attachment { segment: PELVIS, point: mirror(f.psoas_brim, side) }];
            path.extend(
                f.psoas_femur.iter().map(|p| Attachment { segment: f.femur[side], point: mirror(*p, side) }),
            );
            add(format!("psoas_{}_{sfx}", names[i]), MuscleGroup::Psoas, PSOAS_CM2[i], path);
        }
        add(
            format!("longissimus_thoracis_{sfx}"),
            MuscleGroup::ErectorSpinae,
            LONGISSIMUS_THORACIS_CM2,
            vec![at(THORAX, RIB_LONGISSIMUS), pel(PELVIS_POINTS.sacrum_low)],
        );
        add(
            format!("iliocostalis_thoracis_{sfx}"),
            MuscleGroup::ErectorSpinae,
            ILIOCOSTALIS_THORACIS_CM2,
            vec![at(THORAX, RIB_ILIOCOSTALIS), pel(PELVIS_POINTS.iliac_crest_post)],
        );
        add(
            format!("quadratus_lumborum_rib_{sfx}"),
            MuscleGroup::QuadratusLumborum,
            QUADRATUS_RIB_CM2,
            vec![at(THORAX, RIB_12), pel(PELVIS_POINTS.iliac_crest_lat)],
        );
        add(
            format!("rectus_abdominis_{sfx}"),
            MuscleGroup::Abdominals,
            RECTUS_ABDOMINIS_CM2,
            vec![at(THORAX, RIB_RECTUS), at(PELVIS, PUBIS)],
        );
        add(
            format!("external_oblique_{sfx}"),
            MuscleGroup::Abdominals,
            EXTERNAL_OBLIQUE_CM2,
            vec![at(THORAX, RIB_EXT_OBLIQUE), at(PELVIS, INGUINAL)],
        );
        add(
            format!("internal_oblique_{sfx}"),
            MuscleGroup::Abdominals,
            INTERNAL_OBLIQUE_CM2,
            vec![at(PELVIS, ILIAC_CREST_ANT), at(THORAX, RIB_INT_OBLIQUE)],
        );
    }
    out
}
