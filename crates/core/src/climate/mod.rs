//! Monthly climate normals and a seeded typical-year daily weather generator. Filled in by the ET0 work.
