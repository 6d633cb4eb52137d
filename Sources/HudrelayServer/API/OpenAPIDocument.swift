// swift-format-ignore-file
/// The OpenAPI 3.1 document served at `/openapi.json` (docs/api.md describes the same API).
enum OpenAPIDocument {
    /// The document.
    static let json = ###"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "hudrelay",
  "version": "1",
  "description": "Test results from accelerator CI: JUnit XML in, rows and flakiness out. Errors are application/problem+json."
 },
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "`hudrelay token create --scope upload --name NAME`"
   }
  },
  "schemas": {
   "Counts": {
    "type": "object",
    "properties": {
     "tests": {
      "type": "integer"
     },
     "passed": {
      "type": "integer"
     },
     "failed": {
      "type": "integer"
     },
     "errors": {
      "type": "integer"
     },
     "skipped": {
      "type": "integer"
     },
     "xfailed": {
      "type": "integer"
     },
     "xpassed": {
      "type": "integer"
     },
     "flaky": {
      "type": "integer"
     },
     "reruns": {
      "type": "integer"
     },
     "suites": {
      "type": "integer"
     },
     "suite_problems": {
      "type": "integer"
     }
    }
   },
   "Problem": {
    "type": "object",
    "required": [
     "title",
     "status",
     "detail",
     "code"
    ],
    "properties": {
     "type": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "status": {
      "type": "integer",
      "minimum": 400,
      "maximum": 599
     },
     "detail": {
      "type": "string"
     },
     "code": {
      "type": "string"
     },
     "instance": {
      "type": "string"
     }
    }
   },
   "UploadAccepted": {
    "type": "object",
    "required": [
     "id",
     "state",
     "status_url",
     "duplicate",
     "job_id"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "state": {
      "type": "string",
      "enum": [
       "queued",
       "processing",
       "done",
       "failed"
      ]
     },
     "status_url": {
      "type": "string"
     },
     "duplicate": {
      "type": "boolean"
     },
     "job_id": {
      "type": "integer"
     },
     "filename": {
      "type": "string",
      "description": "Multipart requests: the report part's file name"
     }
    }
   },
   "UploadStatus": {
    "type": "object",
    "required": [
     "id",
     "state"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "state": {
      "type": "string",
      "enum": [
       "queued",
       "processing",
       "done",
       "failed"
      ]
     },
     "error": {
      "type": [
       "string",
       "null"
      ]
     },
     "error_kind": {
      "type": [
       "string",
       "null"
      ]
     },
     "error_line": {
      "type": [
       "integer",
       "null"
      ]
     },
     "error_column": {
      "type": [
       "integer",
       "null"
      ]
     },
     "counts": {
      "oneOf": [
       {
        "$ref": "#/components/schemas/Counts"
       },
       {
        "type": "null"
       }
      ]
     },
     "job_id": {
      "type": "integer"
     },
     "job_url": {
      "type": "string"
     },
     "filename": {
      "type": "string"
     },
     "size": {
      "type": "integer"
     },
     "attempts": {
      "type": "integer"
     },
     "received_at": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "Job": {
    "type": "object",
    "properties": {
     "id": {
      "type": "integer"
     },
     "repo": {
      "type": "string"
     },
     "sha": {
      "type": "string"
     },
     "workflow": {
      "type": "string"
     },
     "run_id": {
      "type": "string"
     },
     "attempt": {
      "type": "integer"
     },
     "job": {
      "type": "string"
     },
     "job_id": {
      "type": "string"
     },
     "branch": {
      "type": [
       "string",
       "null"
      ]
     },
     "pr": {
      "type": [
       "integer",
       "null"
      ]
     },
     "stage": {
      "type": [
       "integer",
       "null"
      ]
     },
     "cluster": {
      "type": [
       "string",
       "null"
      ]
     },
     "node": {
      "type": [
       "string",
       "null"
      ]
     },
     "card_type": {
      "type": [
       "string",
       "null"
      ]
     },
     "cards": {
      "type": [
       "integer",
       "null"
      ]
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "counts": {
      "type": "object",
      "additionalProperties": {
       "type": "integer"
      }
     },
     "uploads": {
      "type": "object",
      "additionalProperties": {
       "type": "integer"
      }
     }
    }
   },
   "Result": {
    "type": "object",
    "properties": {
     "test_id": {
      "type": "integer"
     },
     "file": {
      "type": "string"
     },
     "classname": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "outcome": {
      "type": "string"
     },
     "duration": {
      "type": [
       "number",
       "null"
      ]
     },
     "reruns": {
      "type": "integer"
     },
     "flaky": {
      "type": "boolean"
     },
     "type": {
      "type": [
       "string",
       "null"
      ]
     },
     "message": {
      "type": [
       "string",
       "null"
      ]
     },
     "text": {
      "type": [
       "string",
       "null"
      ]
     },
     "upload_id": {
      "type": "string",
      "format": "uuid"
     },
     "ordinal": {
      "type": "integer"
     }
    }
   },
   "Test": {
    "type": "object",
    "properties": {
     "id": {
      "type": "integer"
     },
     "repo": {
      "type": "string"
     },
     "file": {
      "type": "string"
     },
     "classname": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "first_seen": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "JobContext": {
    "type": "object",
    "required": [
     "repo",
     "sha"
    ],
    "properties": {
     "repo": {
      "type": "string",
      "pattern": "^[^\\u0000]*$",
      "minLength": 1,
      "maxLength": 200,
      "description": "Repository, owner/name"
     },
     "sha": {
      "type": "string",
      "pattern": "^[^\\u0000]*$",
      "minLength": 1,
      "maxLength": 64,
      "description": "Commit SHA"
     },
     "branch": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 255,
      "description": "Branch or tag"
     },
     "pr": {
      "type": [
       "integer",
       "null"
      ],
      "minimum": 1,
      "maximum": 2147483647,
      "description": "Pull request number"
     },
     "workflow": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 100,
      "description": "Workflow name"
     },
     "run_id": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 64,
      "description": "CI run id"
     },
     "attempt": {
      "type": [
       "integer",
       "null"
      ],
      "minimum": 1,
      "maximum": 2147483647,
      "description": "Run attempt, from 1"
     },
     "job": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 150,
      "description": "Job name"
     },
     "job_id": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 64,
      "description": "CI job id"
     },
     "stage": {
      "type": [
       "integer",
       "null"
      ],
      "minimum": 0,
      "maximum": 4,
      "description": "Rollout stage 0-4"
     },
     "cluster": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 100,
      "description": "Cluster"
     },
     "node": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 100,
      "description": "Node (host)"
     },
     "card_type": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 64,
      "description": "Accelerator card type"
     },
     "cards": {
      "type": [
       "integer",
       "null"
      ],
      "minimum": 0,
      "maximum": 2147483647,
      "description": "Number of cards"
     },
     "delivery_id": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 200,
      "description": "The relay dispatch's delivery id"
     },
     "event_type": {
      "type": [
       "string",
       "null"
      ],
      "pattern": "^[^\\u0000]*$",
      "maxLength": 100,
      "description": "The relay dispatch's event type"
     },
     "payload": {
      "type": [
       "object",
       "null"
      ],
      "description": "The relay dispatch's payload (its client_payload), at most 1 MiB as JSON"
     }
    },
    "description": "Where a report comes from. Text fields hold no NUL byte; the limits are in characters (code points). repo and sha are required."
   },
   "UploadsAccepted": {
    "type": "object",
    "required": [
     "uploads"
    ],
    "properties": {
     "uploads": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/UploadAccepted"
      }
     }
    }
   }
  },
  "responses": {
   "BadRequest": {
    "description": "A parameter or the body is malformed or out of range: the detail names it",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Unauthorized": {
    "description": "The bearer token is missing, unknown or revoked (WWW-Authenticate: Bearer)",
    "headers": {
     "WWW-Authenticate": {
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    },
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "NotFound": {
    "description": "No such resource",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "TooLarge": {
    "description": "The body is over the limit",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "Unavailable": {
    "description": "The database is restarting, unreachable or busy: retry after Retry-After seconds",
    "headers": {
     "Retry-After": {
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     }
    },
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   }
  },
  "parameters": {
   "Wait": {
    "name": "wait",
    "in": "query",
    "required": false,
    "description": "Seconds to wait first for the analysis to include every report received before this request (0-300; the response's pending_uploads says what it still lacks)",
    "schema": {
     "type": "integer",
     "minimum": 0,
     "maximum": 300,
     "default": 0
    }
   },
   "Limit": {
    "name": "limit",
    "in": "query",
    "required": false,
    "description": "Page size, 1-1000 (default 50)",
    "schema": {
     "type": "integer",
     "minimum": 1,
     "maximum": 1000,
     "default": 50
    }
   },
   "Window": {
    "name": "window",
    "in": "query",
    "required": false,
    "description": "Days or weeks, such as 14d or 2w (1-9999 days, 1-999 weeks)",
    "schema": {
     "type": "string",
     "pattern": "^([1-9][0-9]{0,3}d|[1-9][0-9]{0,2}w)$",
     "default": "14d"
    }
   },
   "Repo": {
    "name": "repo",
    "in": "query",
    "required": false,
    "description": "owner/name",
    "schema": {
     "type": "string",
     "pattern": "^[^\\u0000]*$"
    }
   },
   "Stage": {
    "name": "stage",
    "in": "query",
    "required": false,
    "description": "Rollout stage, 0-4",
    "schema": {
     "type": "integer",
     "minimum": 0,
     "maximum": 4
    }
   },
   "CardType": {
    "name": "card_type",
    "in": "query",
    "required": false,
    "description": "Card type",
    "schema": {
     "type": "string",
     "pattern": "^[^\\u0000]*$"
    }
   },
   "Node": {
    "name": "node",
    "in": "query",
    "required": false,
    "description": "Node",
    "schema": {
     "type": "string",
     "pattern": "^[^\\u0000]*$"
    }
   },
   "File": {
    "name": "file",
    "in": "query",
    "required": false,
    "description": "Test file",
    "schema": {
     "type": "string",
     "pattern": "^[^\\u0000]*$"
    }
   },
   "Branch": {
    "name": "branch",
    "in": "query",
    "required": false,
    "description": "Branch",
    "schema": {
     "type": "string",
     "pattern": "^[^\\u0000]*$"
    }
   },
   "MinFlakyRuns": {
    "name": "min_flaky_runs",
    "in": "query",
    "required": false,
    "description": "k of the rule, 1-1000 (default 2)",
    "schema": {
     "type": "integer",
     "minimum": 1,
     "maximum": 1000
    }
   },
   "JobID": {
    "name": "id",
    "in": "path",
    "required": true,
    "description": "A job id",
    "schema": {
     "type": "integer",
     "minimum": 1,
     "maximum": 9223372036854775807
    }
   },
   "UploadID": {
    "name": "id",
    "in": "path",
    "required": true,
    "description": "An upload id (lower case)",
    "schema": {
     "type": "string",
     "format": "uuid"
    }
   }
  }
 },
 "paths": {
  "/api/v1/uploads": {
   "post": {
    "summary": "Upload one JUnit XML report (plain or gzip) with its job context",
    "operationId": "uploadReport",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "repo",
      "in": "query",
      "required": true,
      "description": "Repository, owner/name",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "minLength": 1,
       "maxLength": 200
      }
     },
     {
      "name": "sha",
      "in": "query",
      "required": true,
      "description": "Commit SHA",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "minLength": 1,
       "maxLength": 64
      }
     },
     {
      "name": "branch",
      "in": "query",
      "required": false,
      "description": "Branch or tag",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 255
      }
     },
     {
      "name": "pr",
      "in": "query",
      "required": false,
      "description": "Pull request number",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 2147483647
      }
     },
     {
      "name": "workflow",
      "in": "query",
      "required": false,
      "description": "Workflow name",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 100
      }
     },
     {
      "name": "run_id",
      "in": "query",
      "required": false,
      "description": "CI run id",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 64
      }
     },
     {
      "name": "attempt",
      "in": "query",
      "required": false,
      "description": "Run attempt, from 1",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 2147483647
      }
     },
     {
      "name": "job",
      "in": "query",
      "required": false,
      "description": "Job name",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 150
      }
     },
     {
      "name": "job_id",
      "in": "query",
      "required": false,
      "description": "CI job id",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 64
      }
     },
     {
      "name": "stage",
      "in": "query",
      "required": false,
      "description": "Rollout stage 0-4",
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 4
      }
     },
     {
      "name": "cluster",
      "in": "query",
      "required": false,
      "description": "Cluster",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 100
      }
     },
     {
      "name": "node",
      "in": "query",
      "required": false,
      "description": "Node (host)",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 100
      }
     },
     {
      "name": "card_type",
      "in": "query",
      "required": false,
      "description": "Accelerator card type",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 64
      }
     },
     {
      "name": "cards",
      "in": "query",
      "required": false,
      "description": "Number of cards",
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 2147483647
      }
     },
     {
      "name": "filename",
      "in": "query",
      "required": false,
      "description": "The report's file name (at most 1024 characters)",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 1024
      }
     },
     {
      "name": "delivery_id",
      "in": "query",
      "required": false,
      "description": "The relay dispatch's delivery id",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 200
      }
     },
     {
      "name": "event_type",
      "in": "query",
      "required": false,
      "description": "The relay dispatch's event type",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$",
       "maxLength": 100
      }
     },
     {
      "name": "payload",
      "in": "query",
      "required": false,
      "description": "The relay dispatch's payload, a JSON object (large payloads: POST /api/v1/jobs)",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/xml": {
       "schema": {
        "type": "string",
        "format": "binary",
        "minLength": 1,
        "description": "A JUnit XML report, any bytes: one that is not well-formed XML is accepted and marked failed when a worker parses it"
       }
      },
      "application/gzip": {
       "schema": {
        "type": "string",
        "format": "binary",
        "minLength": 1
       }
      },
      "multipart/form-data": {
       "schema": {
        "type": "object",
        "required": [
         "report"
        ],
        "properties": {
         "context": {
          "$ref": "#/components/schemas/JobContext"
         },
         "report": {
          "type": "array",
          "items": {
           "type": "string",
           "format": "binary",
           "minLength": 1
          },
          "description": "One or more JUnit XML reports (plain or gzip)",
          "minItems": 1
         }
        },
        "description": "Several reports of one job in one request: the context as a JSON part (else the query parameters), one `report` part per file. The answer is {\"uploads\": [...]}, one UploadAccepted (with its filename) per report, in order."
       }
      }
     }
    },
    "responses": {
     "202": {
      "description": "Stored and queued (a multipart request: {uploads: [...]}, one per report)",
      "content": {
       "application/json": {
        "schema": {
         "oneOf": [
          {
           "$ref": "#/components/schemas/UploadAccepted"
          },
          {
           "$ref": "#/components/schemas/UploadsAccepted"
          }
         ]
        }
       }
      },
      "links": {
       "GetUpload": {
        "operationId": "getUpload",
        "parameters": {
         "id": "$response.body#/id"
        },
        "description": "The upload's state (a single report's answer)"
       },
       "GetUploadRaw": {
        "operationId": "getUploadRaw",
        "parameters": {
         "id": "$response.body#/id"
        },
        "description": "The report as stored"
       },
       "GetJob": {
        "operationId": "getJob",
        "parameters": {
         "id": "$response.body#/job_id"
        },
        "description": "The upload's job"
       }
      }
     },
     "200": {
      "description": "The same job uploaded the same content before: the earlier upload",
      "content": {
       "application/json": {
        "schema": {
         "oneOf": [
          {
           "$ref": "#/components/schemas/UploadAccepted"
          },
          {
           "$ref": "#/components/schemas/UploadsAccepted"
          }
         ]
        }
       }
      },
      "links": {
       "GetUpload": {
        "operationId": "getUpload",
        "parameters": {
         "id": "$response.body#/id"
        },
        "description": "The upload's state (a single report's answer)"
       },
       "GetUploadRaw": {
        "operationId": "getUploadRaw",
        "parameters": {
         "id": "$response.body#/id"
        },
        "description": "The report as stored"
       },
       "GetJob": {
        "operationId": "getJob",
        "parameters": {
         "id": "$response.body#/job_id"
        },
        "description": "The upload's job"
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "description": "repo and sha are required: in the query, or in a multipart request's context part. A body that is not well-formed XML is accepted and marked failed when parsed. 400 codes: bad_context, bad_parameter, empty_report, bad_compression, bad_multipart, bad_filename."
   }
  },
  "/api/v1/uploads/{id}": {
   "get": {
    "summary": "An upload's state and counts",
    "operationId": "getUpload",
    "parameters": [
     {
      "$ref": "#/components/parameters/UploadID"
     },
     {
      "name": "wait",
      "in": "query",
      "required": false,
      "description": "Seconds (0-60) to hold the answer until the upload is done or failed",
      "schema": {
       "type": "number",
       "minimum": 0,
       "maximum": 60
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The upload",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/UploadStatus"
        }
       }
      },
      "links": {
       "GetJob": {
        "operationId": "getJob",
        "parameters": {
         "id": "$response.body#/job_id"
        },
        "description": "The upload's job"
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/uploads/{id}/raw": {
   "get": {
    "summary": "The raw report as stored (gzip)",
    "operationId": "getUploadRaw",
    "parameters": [
     {
      "$ref": "#/components/parameters/UploadID"
     }
    ],
    "responses": {
     "200": {
      "description": "The report, gzip-compressed (Content-Encoding: gzip)",
      "content": {
       "application/xml": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/jobs": {
   "get": {
    "summary": "Jobs, newest first",
    "operationId": "listJobs",
    "parameters": [
     {
      "name": "repo",
      "in": "query",
      "required": false,
      "description": "Repository",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$"
      }
     },
     {
      "name": "sha",
      "in": "query",
      "required": false,
      "description": "Commit",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$"
      }
     },
     {
      "$ref": "#/components/parameters/Stage"
     },
     {
      "name": "before",
      "in": "query",
      "required": false,
      "description": "Page cursor: only jobs with a smaller id (the next link's)",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 9223372036854775807
      }
     },
     {
      "$ref": "#/components/parameters/Limit"
     }
    ],
    "responses": {
     "200": {
      "description": "A page",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Job"
           }
          },
          "next": {
           "type": [
            "string",
            "null"
           ]
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   },
   "post": {
    "summary": "Create (or find) a job from its context, with the Cross-Repo CI Relay dispatch it answers",
    "operationId": "registerJob",
    "description": "The body is the job context as a JSON object with the upload's query parameter names (repo and sha required), plus delivery_id, event_type and payload (the dispatch's client_payload fields). Upload scope.",
    "security": [
     {
      "bearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/JobContext"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The job",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "id": {
           "type": "integer"
          },
          "url": {
           "type": "string"
          }
         }
        }
       }
      },
      "links": {
       "GetJob": {
        "operationId": "getJob",
        "parameters": {
         "id": "$response.body#/id"
        },
        "description": "The job"
       },
       "ListJobResults": {
        "operationId": "listJobResults",
        "parameters": {
         "id": "$response.body#/id"
        },
        "description": "The job's results"
       },
       "RelayCallback": {
        "operationId": "relayCallback",
        "parameters": {
         "id": "$response.body#/id",
         "status": "completed"
        },
        "description": "The job's relay callback body"
       },
       "FinishJob": {
        "operationId": "finishJob",
        "parameters": {
         "id": "$response.body#/id"
        },
        "description": "Finish the job"
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "413": {
      "$ref": "#/components/responses/TooLarge"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/jobs/{id}": {
   "get": {
    "summary": "One job with its counts",
    "operationId": "getJob",
    "parameters": [
     {
      "$ref": "#/components/parameters/JobID"
     }
    ],
    "responses": {
     "200": {
      "description": "The job",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Job"
        }
       }
      },
      "links": {
       "ListJobResults": {
        "operationId": "listJobResults",
        "parameters": {
         "id": "$response.body#/id"
        },
        "description": "The job's results"
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/jobs/{id}/results": {
   "get": {
    "summary": "A job's results",
    "operationId": "listJobResults",
    "parameters": [
     {
      "$ref": "#/components/parameters/JobID"
     },
     {
      "name": "outcome",
      "in": "query",
      "required": false,
      "description": "Only this outcome",
      "schema": {
       "type": "string",
       "enum": [
        "passed",
        "failed",
        "error",
        "skipped",
        "xfailed",
        "xpassed"
       ]
      }
     },
     {
      "name": "after",
      "in": "query",
      "required": false,
      "description": "Page cursor: the next link's (an upload id, a dot and an ordinal)",
      "schema": {
       "type": "string",
       "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\.[0-9]{1,9}$"
      }
     },
     {
      "$ref": "#/components/parameters/Limit"
     }
    ],
    "responses": {
     "200": {
      "description": "A page",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Result"
           }
          },
          "next": {
           "type": [
            "string",
            "null"
           ]
          }
         }
        }
       }
      },
      "links": {
       "TestHistory": {
        "operationId": "testHistory",
        "parameters": {
         "id": "$response.body#/items/0/test_id"
        },
        "description": "The first result's test history"
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/tests": {
   "get": {
    "summary": "Tests whose name, classname or file contains q",
    "operationId": "searchTests",
    "parameters": [
     {
      "name": "q",
      "in": "query",
      "required": false,
      "description": "Text to find in the name, classname or file (case-insensitive)",
      "schema": {
       "type": "string",
       "pattern": "^[^\\u0000]*$"
      }
     },
     {
      "name": "after",
      "in": "query",
      "required": false,
      "description": "Page cursor: only tests with a larger id (the next link's)",
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 9223372036854775807
      }
     },
     {
      "$ref": "#/components/parameters/Limit"
     }
    ],
    "responses": {
     "200": {
      "description": "A page",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Test"
           }
          },
          "next": {
           "type": [
            "string",
            "null"
           ]
          }
         }
        }
       }
      },
      "links": {
       "TestHistory": {
        "operationId": "testHistory",
        "parameters": {
         "id": "$response.body#/items/0/id"
        },
        "description": "The first test's history"
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/healthz": {
   "get": {
    "summary": "The process is up",
    "operationId": "healthz",
    "responses": {
     "200": {
      "description": "ok",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "status": {
           "type": "string",
           "const": "ok"
          }
         }
        }
       }
      }
     }
    }
   }
  },
  "/readyz": {
   "get": {
    "summary": "The database answers and migrations are applied",
    "operationId": "readyz",
    "responses": {
     "200": {
      "description": "ready",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "status": {
           "type": "string",
           "const": "ready"
          }
         }
        }
       }
      }
     },
     "503": {
      "description": "Not ready: the database does not answer or migrations are pending",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/metrics": {
   "get": {
    "summary": "Prometheus metrics",
    "operationId": "metrics",
    "responses": {
     "200": {
      "description": "text exposition",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/flaky": {
   "get": {
    "summary": "The flaky tests of a window (docs/flakiness.md); Accept: text/csv for CSV",
    "operationId": "listFlakyTests",
    "parameters": [
     {
      "$ref": "#/components/parameters/Window"
     },
     {
      "$ref": "#/components/parameters/Repo"
     },
     {
      "$ref": "#/components/parameters/Stage"
     },
     {
      "$ref": "#/components/parameters/CardType"
     },
     {
      "$ref": "#/components/parameters/Node"
     },
     {
      "$ref": "#/components/parameters/File"
     },
     {
      "$ref": "#/components/parameters/Branch"
     },
     {
      "$ref": "#/components/parameters/MinFlakyRuns"
     },
     {
      "$ref": "#/components/parameters/Wait"
     },
     {
      "name": "sort",
      "in": "query",
      "required": false,
      "description": "Order of the list",
      "schema": {
       "type": "string",
       "enum": [
        "rate",
        "flaky_runs",
        "flip_rate",
        "executed_runs",
        "last_seen",
        "name"
       ],
       "default": "rate"
      }
     },
     {
      "$ref": "#/components/parameters/Limit"
     },
     {
      "name": "offset",
      "in": "query",
      "required": false,
      "description": "Items to skip",
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 2147483647,
       "default": 0
      }
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "description": "csv for CSV (or Accept: text/csv)",
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ],
       "default": "json"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "{from, to, analyzed_through, pending_uploads, total, items, next}, read in one snapshot",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/flaky/summary": {
   "get": {
    "summary": "The share of flaky tests against the 5% target, sliced, with the daily trend and infrastructure incidents",
    "operationId": "flakySummary",
    "parameters": [
     {
      "name": "window",
      "in": "query",
      "required": false,
      "description": "Days or weeks, such as 30d or 4w (1-9999 days, 1-999 weeks; default 30d)",
      "schema": {
       "type": "string",
       "pattern": "^([1-9][0-9]{0,3}d|[1-9][0-9]{0,2}w)$",
       "default": "30d"
      }
     },
     {
      "$ref": "#/components/parameters/Repo"
     },
     {
      "$ref": "#/components/parameters/Stage"
     },
     {
      "$ref": "#/components/parameters/CardType"
     },
     {
      "$ref": "#/components/parameters/Node"
     },
     {
      "$ref": "#/components/parameters/File"
     },
     {
      "$ref": "#/components/parameters/Branch"
     },
     {
      "$ref": "#/components/parameters/MinFlakyRuns"
     },
     {
      "$ref": "#/components/parameters/Wait"
     }
    ],
    "responses": {
     "200": {
      "description": "The summary, read in one snapshot, with analyzed_through (RFC 3339) and pending_uploads (reports not in it yet)",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/tests/{id}/history": {
   "get": {
    "summary": "A test's last runs, newest first",
    "operationId": "testHistory",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "A test id",
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 9223372036854775807
      }
     },
     {
      "$ref": "#/components/parameters/Limit"
     }
    ],
    "responses": {
     "200": {
      "description": "{test_id, items}",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/failures/clusters": {
   "get": {
    "summary": "Failed and flaky runs grouped by normalized message",
    "operationId": "failureClusters",
    "parameters": [
     {
      "$ref": "#/components/parameters/Window"
     },
     {
      "$ref": "#/components/parameters/Repo"
     },
     {
      "$ref": "#/components/parameters/Stage"
     },
     {
      "$ref": "#/components/parameters/CardType"
     },
     {
      "$ref": "#/components/parameters/Node"
     },
     {
      "$ref": "#/components/parameters/File"
     },
     {
      "$ref": "#/components/parameters/Branch"
     },
     {
      "$ref": "#/components/parameters/MinFlakyRuns"
     },
     {
      "$ref": "#/components/parameters/Limit"
     }
    ],
    "responses": {
     "200": {
      "description": "{from, to, items}",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/disabled-tests": {
   "get": {
    "summary": "PyTorch's disabled-tests-condensed.json for a card type, with hysteresis",
    "operationId": "disabledTests",
    "parameters": [
     {
      "$ref": "#/components/parameters/Repo"
     },
     {
      "$ref": "#/components/parameters/CardType"
     }
    ],
    "responses": {
     "200": {
      "description": "The file",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/jobs/{id}/finish": {
   "post": {
    "summary": "The job has uploaded everything: finish it (and publish it) once its uploads are processed",
    "operationId": "finishJob",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/JobID"
     }
    ],
    "responses": {
     "202": {
      "description": "Finish requested",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "id": {
           "type": "integer"
          },
          "finish_requested": {
           "type": "boolean"
          },
          "finished": {
           "type": "boolean"
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/jobs/{id}/relay-callback": {
   "get": {
    "summary": "The job's Cross-Repo CI Relay callback body, exactly as it is to be posted (what `hudrelay hud report` sends)",
    "operationId": "relayCallback",
    "parameters": [
     {
      "$ref": "#/components/parameters/JobID"
     },
     {
      "name": "status",
      "in": "query",
      "required": true,
      "schema": {
       "type": "string",
       "enum": [
        "in_progress",
        "completed"
       ]
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The callback body (Python json.dumps form)",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "description": "The job answers no relay dispatch",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/api/v1/publish": {
   "get": {
    "summary": "Deliveries to PyTorch HUD's channels (the outbox), newest first, with counts per state",
    "operationId": "listDeliveries",
    "parameters": [
     {
      "name": "state",
      "in": "query",
      "required": false,
      "description": "Only this state",
      "schema": {
       "type": "string",
       "enum": [
        "pending",
        "sending",
        "done",
        "failed"
       ]
      }
     },
     {
      "name": "job",
      "in": "query",
      "required": false,
      "description": "Only this job's deliveries",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 9223372036854775807
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "1-1000, default 100",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000,
       "default": 100
      }
     }
    ],
    "responses": {
     "200": {
      "description": "Deliveries",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "properties": {
          "counts": {
           "type": "object"
          },
          "oldest_pending_seconds": {
           "type": "number"
          },
          "tasks": {
           "type": "array",
           "items": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "target": {
              "type": "string"
             },
             "subject": {
              "type": "string"
             },
             "job_id": {
              "type": "integer"
             },
             "state": {
              "type": "string"
             },
             "generation": {
              "type": "integer"
             },
             "delivered_generation": {
              "type": "integer"
             },
             "attempts": {
              "type": "integer"
             },
             "created_at": {
              "type": "string"
             },
             "delivered_at": {
              "type": [
               "string",
               "null"
              ]
             },
             "next_attempt_at": {
              "type": "string"
             },
             "last_status": {
              "type": [
               "integer",
               "null"
              ]
             },
             "last_error": {
              "type": [
               "string",
               "null"
              ]
             },
             "response_body": {
              "type": [
               "string",
               "null"
              ]
             },
             "keys": {
              "type": "array",
              "items": {
               "type": "string"
              }
             }
            }
           }
          }
         }
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    }
   }
  },
  "/openapi.json": {
   "get": {
    "summary": "This document",
    "operationId": "openAPIDocument",
    "responses": {
     "200": {
      "description": "OpenAPI 3.1",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     }
    }
   }
  }
 }
}
"""###
}
