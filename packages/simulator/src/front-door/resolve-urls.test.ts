import { readSamTemplate } from '../template/read-sam-template';
import type { FrontDoorAddresses, FrontDoorTarget } from './front-door';
import { resolveFrontDoorUrls } from './resolve-urls';

const model = readSamTemplate({
  file: 'template.yaml',
  text: `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: app.handler
    CodeUri: src/
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
  MyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
  OtherApi:
    Type: AWS::Serverless::HttpApi
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: live
      FunctionUrlConfig:
        AuthType: NONE
      Events:
        Http:
          Type: HttpApi
          Properties:
            Path: /orders
            Method: get
        Rest:
          Type: Api
          Properties:
            RestApiId: !Ref MyApi
            Path: /orders
            Method: get
        ImplicitRest:
          Type: Api
          Properties:
            Path: /orders
            Method: get
  PreTrafficHook:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          HTTP_API: !Sub "https://\${ServerlessHttpApi}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/"
          REST_API: !Sub "https://\${MyApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod"
          IMPLICIT_REST: !Sub "https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/orders"
          FUNCTION_URL: !GetAtt OrdersFunctionUrl.FunctionUrl
          FUNCTION_URL_PATH: !Sub "\${OrdersFunctionUrl.FunctionUrl}orders"
          API_ID: !Ref ServerlessHttpApi
          JOINED: !Join ['', ['https://', !Ref MyApi, '.execute-api.', !Ref 'AWS::Region', '.amazonaws.com/', !Ref MyApi.Stage]]
          DOTTED_HOST: !Join ['.', [!Ref ServerlessHttpApi, 'execute-api', !Ref 'AWS::Region', 'amazonaws.com']]
          INNER_JOIN: !Join ['', [!Join ['', ['https://', !Ref ServerlessHttpApi]], '.execute-api.us-east-1.amazonaws.com/']]
          ENDPOINT: !Join ['/', [!GetAtt ServerlessHttpApi.ApiEndpoint, 'orders']]
          WITH_TABLE: !Sub "https://\${ServerlessHttpApi}.execute-api.\${AWS::Region}.amazonaws.com?table=\${OrdersTable}"
          TABLE: !Ref OrdersTable
          TABLES: !Join [',', [!Ref OrdersTable, 'archive']]
          UNSERVED: !Sub "https://\${OtherApi}.execute-api.\${AWS::Region}.amazonaws.com"
`,
});
const environment = model.functions.find((fn) => fn.logicalId === 'PreTrafficHook')!.environment;

const target = (
  logicalId: string,
  kind: FrontDoorTarget['kind'],
  port: number,
  stageName: string,
  apiId: string,
): FrontDoorTarget => {
  const origin = `http://127.0.0.1:${port}`;
  const url =
    kind === 'FunctionUrl' ? `${origin}/` : stageName === '$default' ? origin : `${origin}/${stageName}`;
  return { logicalId, kind, origin, url, stageName, apiId, domainName: `${apiId}.example` };
};

const door: FrontDoorAddresses = {
  targets: [
    target('MyApi', 'Api', 4002, 'Prod', 'restapi002'),
    target('ServerlessRestApi', 'Api', 4003, 'Prod', 'restapi003'),
    target('ServerlessHttpApi', 'HttpApi', 4001, '$default', 'httpapi001'),
    target('OrdersFunction', 'FunctionUrl', 4004, '$default', 'u'.repeat(32)),
  ],
};

describe('resolveFrontDoorUrls', () => {
  it('finds the long forms readSamTemplate leaves for API and function URL addresses', () => {
    expect(environment.HTTP_API).toEqual({
      'Fn::Join': ['', ['https://', { Ref: 'ServerlessHttpApi' }, '.execute-api.us-east-1.amazonaws.com/']],
    });
    expect(environment.FUNCTION_URL).toEqual({ 'Fn::GetAtt': ['OrdersFunctionUrl', 'FunctionUrl'] });
    expect(environment.API_ID).toEqual({ Ref: 'ServerlessHttpApi' });
  });

  it.each([
    ['HTTP_API', 'http://127.0.0.1:4001/'],
    ['REST_API', 'http://127.0.0.1:4002/Prod'],
    ['IMPLICIT_REST', 'http://127.0.0.1:4003/Prod/orders'],
    ['FUNCTION_URL', 'http://127.0.0.1:4004/'],
    ['FUNCTION_URL_PATH', 'http://127.0.0.1:4004/orders'],
    ['API_ID', 'httpapi001'],
    ['JOINED', 'http://127.0.0.1:4002/Prod'],
    ['DOTTED_HOST', '127.0.0.1:4001'],
    ['INNER_JOIN', 'http://127.0.0.1:4001/'],
    ['ENDPOINT', 'http://127.0.0.1:4001/orders'],
  ])('points %s at the front door', (name, expected) => {
    expect(resolveFrontDoorUrls(environment[name]!, door)).toBe(expected);
  });

  it('keeps what only a deployed stack knows beside the address it replaces', () => {
    expect(resolveFrontDoorUrls(environment.WITH_TABLE!, door)).toEqual({
      'Fn::Join': ['', ['http://127.0.0.1:4001?table=', { Ref: 'OrdersTable' }]],
    });
  });

  it('leaves values without a served address as they are written', () => {
    for (const name of ['TABLE', 'TABLES', 'UNSERVED']) {
      expect(resolveFrontDoorUrls(environment[name]!, door)).toEqual(environment[name]);
    }
    expect(resolveFrontDoorUrls('https://example.com', door)).toBe('https://example.com');
  });

  it('resolves a whole environment at once, without touching the model', () => {
    const resolved = resolveFrontDoorUrls(environment, door) as Record<string, unknown>;
    expect(resolved.HTTP_API).toBe('http://127.0.0.1:4001/');
    expect(resolved.TABLE).toEqual({ Ref: 'OrdersTable' });
    expect(environment.HTTP_API).toHaveProperty('Fn::Join');
  });
});
