/** Registry records, as released in core.api 1.0.0 with {@code FieldError} changed: an addition, the next minor version. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.guanai.core.api.dto;
