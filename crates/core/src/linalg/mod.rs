//! Small dense linear algebra for the column solver.

mod partition;
pub mod tridiag;
