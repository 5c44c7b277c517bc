//! nalgebra (the engine's types) ↔ glam (rapier's public types), at the boundary only.

use nalgebra::{Matrix3, Rotation3, UnitQuaternion, Vector3};
use rapier3d_f64::math::{Matrix as DMat3, Rotation as DQuat, Vector as DVec3};

pub fn to_glam(v: &Vector3<f64>) -> DVec3 {
    DVec3::new(v.x, v.y, v.z)
}

pub fn to_na(v: DVec3) -> Vector3<f64> {
    Vector3::new(v.x, v.y, v.z)
}

pub fn mat_to_glam(m: &Matrix3<f64>) -> DMat3 {
    DMat3::from_cols(to_glam(&m.column(0).into()), to_glam(&m.column(1).into()), to_glam(&m.column(2).into()))
}

/// A rotation matrix as rapier's quaternion (re-orthonormalised through nalgebra).
pub fn rot_to_glam(m: &Matrix3<f64>) -> DQuat {
    let q = UnitQuaternion::from_matrix(m);
    DQuat::from_xyzw(q.i, q.j, q.k, q.w)
}

pub fn rot_to_na(q: DQuat) -> Matrix3<f64> {
    let q = UnitQuaternion::new_normalize(nalgebra::Quaternion::new(q.w, q.x, q.y, q.z));
    q.to_rotation_matrix().into_inner()
}

/// The rotation vector (axis × angle) of a rotation matrix, orthonormal to rounding (products
/// of rotations): Shepperd's closed form, not nalgebra's iterative `from_matrix`, which was a
/// sixth of a forward run.
pub fn log_rot(m: &Matrix3<f64>) -> Vector3<f64> {
    UnitQuaternion::from_rotation_matrix(&Rotation3::from_matrix_unchecked(*m)).scaled_axis()
}
