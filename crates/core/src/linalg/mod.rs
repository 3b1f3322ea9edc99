//! Small dense linear algebra for the column solver.

pub mod tridiag;
