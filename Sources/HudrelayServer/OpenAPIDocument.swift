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
      "type": "integer"
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
     "status_url"
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
      "type": "string"
     },
     "sha": {
      "type": "string"
     },
     "branch": {
      "type": "string"
     },
     "pr": {
      "type": "integer"
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
     "stage": {
      "type": "integer"
     },
     "cluster": {
      "type": "string"
     },
     "node": {
      "type": "string"
     },
     "card_type": {
      "type": "string"
     },
     "cards": {
      "type": "integer"
     },
     "delivery_id": {
      "type": "string"
     },
     "event_type": {
      "type": "string"
     },
     "payload": {
      "type": "object"
     }
    }
   }
  },
  "responses": {
   "Problem": {
    "description": "An error",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   }
  }
 },
 "paths": {
  "/api/v1/uploads": {
   "post": {
    "summary": "Upload one JUnit XML report (plain or gzip) with its job context",
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
       "type": "string"
      }
     },
     {
      "name": "sha",
      "in": "query",
      "required": true,
      "description": "Commit SHA",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "branch",
      "in": "query",
      "required": false,
      "description": "Branch or tag",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "pr",
      "in": "query",
      "required": false,
      "description": "Pull request number",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "workflow",
      "in": "query",
      "required": false,
      "description": "Workflow name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "run_id",
      "in": "query",
      "required": false,
      "description": "CI run id",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "attempt",
      "in": "query",
      "required": false,
      "description": "Run attempt, from 1",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "job",
      "in": "query",
      "required": false,
      "description": "Job name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "job_id",
      "in": "query",
      "required": false,
      "description": "CI job id",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "stage",
      "in": "query",
      "required": false,
      "description": "Rollout stage 0-4",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "cluster",
      "in": "query",
      "required": false,
      "description": "Cluster",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "node",
      "in": "query",
      "required": false,
      "description": "Node (host)",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "card_type",
      "in": "query",
      "required": false,
      "description": "Accelerator card type",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "cards",
      "in": "query",
      "required": false,
      "description": "Number of cards",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "filename",
      "in": "query",
      "required": false,
      "description": "The report's file name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "delivery_id",
      "in": "query",
      "required": false,
      "description": "The relay dispatch's delivery id",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "event_type",
      "in": "query",
      "required": false,
      "description": "The relay dispatch's event type",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "payload",
      "in": "query",
      "required": false,
      "description": "The relay dispatch's payload (JSON; large payloads: POST /api/v1/jobs)",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/xml": {
       "schema": {
        "type": "string"
       }
      },
      "application/gzip": {
       "schema": {
        "type": "string",
        "format": "binary"
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
           "format": "binary"
          },
          "description": "One or more JUnit XML reports (plain or gzip)"
         }
        },
        "description": "Several reports of one job in one request: the context as a JSON part (else the query parameters), one `report` part per file. The answer is {\"uploads\": [...]}, one UploadAccepted (with its filename) per report, in order."
       }
      }
     }
    },
    "responses": {
     "202": {
      "description": "Stored and queued",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/UploadAccepted"
        }
       }
      }
     },
     "200": {
      "description": "The same job uploaded the same content before: the earlier upload",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/UploadAccepted"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Problem"
     },
     "401": {
      "$ref": "#/components/responses/Problem"
     },
     "413": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/uploads/{id}": {
   "get": {
    "summary": "An upload's state and counts",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     },
     {
      "name": "wait",
      "in": "query",
      "required": false,
      "description": "Seconds (0-60) to hold the answer until the upload is done or failed",
      "schema": {
       "type": "number"
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
      }
     },
     "400": {
      "$ref": "#/components/responses/Problem"
     },
     "404": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/uploads/{id}/raw": {
   "get": {
    "summary": "The raw report as stored (gzip)",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "uuid"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The report",
      "content": {
       "application/xml": {}
      }
     },
     "404": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/jobs": {
   "get": {
    "summary": "Jobs, newest first",
    "parameters": [
     {
      "name": "repo",
      "in": "query",
      "required": false,
      "description": "Repository",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "sha",
      "in": "query",
      "required": false,
      "description": "Commit",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "stage",
      "in": "query",
      "required": false,
      "description": "Stage",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "before",
      "in": "query",
      "required": false,
      "description": "Page cursor",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "1-1000, default 50",
      "schema": {
       "type": "integer"
      }
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
      "$ref": "#/components/responses/Problem"
     }
    }
   },
   "post": {
    "summary": "Create (or find) a job from its context, with the Cross-Repo CI Relay dispatch it answers",
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
      }
     },
     "400": {
      "$ref": "#/components/responses/Problem"
     },
     "401": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/jobs/{id}": {
   "get": {
    "summary": "One job with its counts",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer"
      }
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
      }
     },
     "404": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/jobs/{id}/results": {
   "get": {
    "summary": "A job's results",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "outcome",
      "in": "query",
      "required": false,
      "description": "passed, failed, error, skipped, xfailed or xpassed",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "after",
      "in": "query",
      "required": false,
      "description": "Page cursor",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "1-1000, default 50",
      "schema": {
       "type": "integer"
      }
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
      }
     },
     "400": {
      "$ref": "#/components/responses/Problem"
     },
     "404": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/tests": {
   "get": {
    "summary": "Tests whose name, classname or file contains q",
    "parameters": [
     {
      "name": "q",
      "in": "query",
      "required": false,
      "description": "Text to find",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "after",
      "in": "query",
      "required": false,
      "description": "Page cursor",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "1-1000, default 50",
      "schema": {
       "type": "integer"
      }
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
      }
     },
     "400": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/healthz": {
   "get": {
    "summary": "The process is up",
    "responses": {
     "200": {
      "description": "ok"
     }
    }
   }
  },
  "/readyz": {
   "get": {
    "summary": "The database answers and migrations are applied",
    "responses": {
     "200": {
      "description": "ready"
     },
     "503": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/metrics": {
   "get": {
    "summary": "Prometheus metrics",
    "responses": {
     "200": {
      "description": "text exposition",
      "content": {
       "text/plain": {}
      }
     }
    }
   }
  },
  "/api/v1/flaky": {
   "get": {
    "summary": "The flaky tests of a window (docs/flakiness.md); Accept: text/csv for CSV",
    "parameters": [
     {
      "name": "window",
      "in": "query",
      "required": false,
      "description": "Days or weeks, such as 14d or 2w",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "repo",
      "in": "query",
      "required": false,
      "description": "owner/name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "stage",
      "in": "query",
      "required": false,
      "description": "0-4",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "card_type",
      "in": "query",
      "required": false,
      "description": "Card type",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "node",
      "in": "query",
      "required": false,
      "description": "Node",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "file",
      "in": "query",
      "required": false,
      "description": "Test file",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "branch",
      "in": "query",
      "required": false,
      "description": "Branch",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "min_flaky_runs",
      "in": "query",
      "required": false,
      "description": "k of the rule (default 2)",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "sort",
      "in": "query",
      "required": false,
      "description": "rate, flaky_runs, flip_rate, executed_runs, last_seen or name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "1-1000, default 50",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "offset",
      "in": "query",
      "required": false,
      "description": "Items to skip",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "description": "csv for CSV",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "{from, to, total, items, next}",
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
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/flaky/summary": {
   "get": {
    "summary": "The share of flaky tests against the 5% target, sliced, with the daily trend and infrastructure incidents",
    "parameters": [
     {
      "name": "window",
      "in": "query",
      "required": false,
      "description": "Days or weeks, such as 14d or 2w",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "repo",
      "in": "query",
      "required": false,
      "description": "owner/name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "stage",
      "in": "query",
      "required": false,
      "description": "0-4",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "card_type",
      "in": "query",
      "required": false,
      "description": "Card type",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "node",
      "in": "query",
      "required": false,
      "description": "Node",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "file",
      "in": "query",
      "required": false,
      "description": "Test file",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "branch",
      "in": "query",
      "required": false,
      "description": "Branch",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "min_flaky_runs",
      "in": "query",
      "required": false,
      "description": "k of the rule (default 2)",
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The summary",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/tests/{id}/history": {
   "get": {
    "summary": "A test's last runs, newest first",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "1-1000, default 50",
      "schema": {
       "type": "integer"
      }
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
      "$ref": "#/components/responses/Problem"
     },
     "404": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/failures/clusters": {
   "get": {
    "summary": "Failed and flaky runs grouped by normalized message",
    "parameters": [
     {
      "name": "window",
      "in": "query",
      "required": false,
      "description": "Days or weeks, such as 14d or 2w",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "repo",
      "in": "query",
      "required": false,
      "description": "owner/name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "stage",
      "in": "query",
      "required": false,
      "description": "0-4",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "card_type",
      "in": "query",
      "required": false,
      "description": "Card type",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "node",
      "in": "query",
      "required": false,
      "description": "Node",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "file",
      "in": "query",
      "required": false,
      "description": "Test file",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "branch",
      "in": "query",
      "required": false,
      "description": "Branch",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "min_flaky_runs",
      "in": "query",
      "required": false,
      "description": "k of the rule (default 2)",
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "1-1000, default 50",
      "schema": {
       "type": "integer"
      }
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
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/disabled-tests": {
   "get": {
    "summary": "PyTorch's disabled-tests-condensed.json for a card type, with hysteresis",
    "parameters": [
     {
      "name": "repo",
      "in": "query",
      "required": false,
      "description": "owner/name",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "card_type",
      "in": "query",
      "required": false,
      "description": "Card type",
      "schema": {
       "type": "string"
      }
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
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/jobs/{id}/finish": {
   "post": {
    "summary": "The job has uploaded everything: finish it (and publish it) once its uploads are processed",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer"
      }
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
     "401": {
      "$ref": "#/components/responses/Problem"
     },
     "404": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/jobs/{id}/relay-callback": {
   "get": {
    "summary": "The job's Cross-Repo CI Relay callback body, exactly as it is to be posted (what `hudrelay hud report` sends)",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer"
      }
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
      "$ref": "#/components/responses/Problem"
     },
     "404": {
      "$ref": "#/components/responses/Problem"
     },
     "409": {
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  },
  "/api/v1/publish": {
   "get": {
    "summary": "Deliveries to PyTorch HUD's channels (the outbox), newest first, with counts per state",
    "parameters": [
     {
      "name": "state",
      "in": "query",
      "required": false,
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
      "schema": {
       "type": "integer"
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "1-1000, default 100",
      "schema": {
       "type": "integer"
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
      "$ref": "#/components/responses/Problem"
     }
    }
   }
  }
 }
}
"""###
}
