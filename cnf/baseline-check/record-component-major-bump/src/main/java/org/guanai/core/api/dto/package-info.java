/** Registry records, as released in core.api 1.0.0 with {@code FieldError} changed: a break, the next major version. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.guanai.core.api.dto;
